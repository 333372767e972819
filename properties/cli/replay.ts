// `npm run replay -- FILE [--against impl|model]`: runs a counterexample file again, model against
// the system it names (or the one given), and prints the resolved run log and the failure. Exit
// status 1 when the failure comes back, 0 when the sequence now passes.

import { parseArgs } from './args.ts';
import { implementationFactory } from '../campaign/implementations.ts';
import { readCounterexample } from '../counterexample/file.ts';
import { replayCounterexample } from '../counterexample/replay.ts';

function main(): number {
  const args = parseArgs(process.argv.slice(2), ['against'], []);
  if (args.positionals.length !== 1) throw new Error('usage: npm run replay -- FILE [--against impl|model]');
  const file = args.positionals[0];
  const cx = readCounterexample(file);
  const against = args.flags.get('against') ?? (cx.implementation === 'model' ? 'model' : 'impl');
  if (against !== 'impl' && against !== 'model') throw new Error('--against must be impl or model');
  const report = replayCounterexample(cx, { implementation: implementationFactory(against) });
  console.log(`Replaying ${file}: ${cx.commands.length} commands on ${cx.preset ?? 'a custom config'}, ${against} against the model`);
  console.log(report.log.join('\n'));
  if (report.failure === undefined) {
    console.log('PASSES: every check holds (the recorded failure does not come back).');
    return 0;
  }
  console.log(`FAILS (${report.failure.kind} at step ${report.failure.step}): ${report.failure.detail}`);
  return 1;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 2;
}
