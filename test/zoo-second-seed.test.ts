// The zoo hunt on the second fixed seed (test/zoo.test.ts runs the first): a file of its own so
// that vitest runs the two hunts on two cores.

import { describeZooHunt } from './support/zoo-hunt.ts';

describeZooHunt(4);
