// `npm run replay -- FILE [--against impl|model]`: runs a counterexample file again, model against
// the system it names (or the one given), and prints the resolved run log and the failure. Exit
// status 1 when the failure comes back, 0 when the sequence now passes. A file a zoo run wrote
// (`zoo bug N`) replays against that seeded-bug variant from mutants/ (loaded only then).

import { parseArgs } from './args.ts';
import { implementationFactory } from '../campaign/implementations.ts';
import { readCounterexample } from '../counterexample/file.ts';
import { replayCounterexample } from '../counterexample/replay.ts';
import type { SystemFactory } from '../../interface/index.ts';

/** The seeded-bug variant a counterexample names (`zoo bug N`), loaded from mutants/ on demand. */
async function zooVariant(name: string): Promise<SystemFactory | undefined> {
  const match = /^zoo bug (\d+)$/.exec(name);
  if (match === null) return undefined;
  const { ZOO } = await import('../../mutants/index.ts');
  const bug = ZOO.find((b) => b.id === Number(match[1]));
  if (bug === undefined) throw new Error(`no seeded bug ${match[1]} in mutants/`);
  return bug.create;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), ['against'], []);
  if (args.positionals.length !== 1) throw new Error('usage: npm run replay -- FILE [--against impl|model]');
  const file = args.positionals[0];
  const cx = readCounterexample(file);
  const zoo = args.flags.has('against') ? undefined : await zooVariant(cx.implementation);
  const against = zoo !== undefined ? cx.implementation : args.flags.get('against') ?? (cx.implementation === 'model' ? 'model' : 'impl');
  if (zoo === undefined && against !== 'impl' && against !== 'model') throw new Error('--against must be impl or model');
  const report = replayCounterexample(cx, { implementation: zoo ?? implementationFactory(against === 'model' ? 'model' : 'impl') });
  console.log(`Replaying ${file}: ${cx.commands.length} commands on ${cx.preset ?? 'a custom config'}, ${against} against the model`);
  console.log(report.log.join('\n'));
  if (report.failure === undefined) {
    console.log('PASSES: every check holds (the recorded failure does not come back).');
    return 0;
  }
  console.log(`FAILS (${report.failure.kind} at step ${report.failure.step}): ${report.failure.detail}`);
  return 1;
}

main().then(
  (status) => { process.exitCode = status; },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 2;
  },
);
