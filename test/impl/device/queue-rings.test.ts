// QueueRings keeps its thirteen register files in one buffer at fixed offsets: each is its own
// storage of `depth` slots, so writing one leaves every other unchanged, at every ring depth.

import { describe, expect, it } from 'vitest';
import { QueueRings } from 'warpdrive-sva';

const FILES = [
  'sqOp',
  'sqSrc',
  'sqDst',
  'sqLen',
  'sqValue',
  'sqTag',
  'cqTag',
  'cqStatus',
  'cqDone',
  'cqResult',
  'cqHasResult',
  'cqFaultAddr',
  'cqPhase',
] as const;

describe('QueueRings register files', () => {
  it.each([2, 3, 4, 8, 24, 32, 64, 1024])(
    'at depth %i, every file has depth slots and shares none of them',
    (depth) => {
      const rings = new QueueRings(depth);
      FILES.forEach((name, k) => {
        expect(rings[name]).toHaveLength(depth);
        rings[name].fill(k + 1);
      });
      FILES.forEach((name, k) => expect(Array.from(rings[name]), name).toEqual(new Array(depth).fill(k + 1)));
    },
  );
});
