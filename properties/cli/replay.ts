// `npm run replay -- FILE [--against SYSTEM] [--force]`: runs a counterexample file again, model
// against the system it was recorded on (impl, model, zoo bug N, or a third party's module) or
// the one given, and prints the resolved run log and the failure. A file recorded on one system
// is never replayed against another without `--force` (issue 11: a third party's counterexample
// must not silently "PASS" on the built-in impl). Exit 1 when the failure comes back, 0 when the
// sequence now passes, 2 for a bad command line or a refused mismatch.

import { writeFileSync } from 'node:fs';
import { readCounterexample, testFileOf } from '../counterexample/file.ts';
import { replayCounterexample } from '../counterexample/replay.ts';
import { counterexampleTest, testTargetFor } from '../counterexample/vitest-test.ts';
import { parseArgs, runCli, stringFlag, UsageError } from './args.ts';
import { loadSystem, moduleSpec } from './load-system.ts';

const HELP = `npm run replay -- FILE [flags]    replay a counterexample file, model against a system

FILE is a counterexample JSON written by npm start, npm run zoo or checkConformance.

Flags:
  --against SYSTEM   the system to replay against: impl, model, or a module exporting a SystemFactory
                     (default export, or named createSystem / factory): ./my-system.ts[#name].
                     Default: the system the file was recorded on.
  --force            replay against a system other than the one the file was recorded on
  --write-test       (re)write the pasted vitest test beside FILE (same basename, .test.ts)
  --help, -h         this text

Exit status: 1 the failure comes back, 0 the sequence passes now, 2 bad flags or a refused mismatch.

Example:
  npm run replay -- counterexamples/bug05-mprotect-no-invalidate.json --against ./my-system.ts`;

/** Two names of the same system: equal, or the same module file (export names may be resolved differently). */
function sameSystem(recorded: string, given: string): boolean {
  if (recorded === given) return true;
  const a = moduleSpec(recorded);
  const b = moduleSpec(given);
  return a !== undefined && b !== undefined && a.path === b.path;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), ['against'], ['force', 'write-test']);
  if (args.flags.get('help') === true) {
    console.log(HELP);
    return 0;
  }
  if (args.positionals.length !== 1) {
    throw new UsageError('usage: npm run replay -- FILE [--against SYSTEM] [--force] (see --help)');
  }
  const file = args.positionals[0];
  let cx;
  try {
    cx = readCounterexample(file);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : `cannot read ${file}`);
  }
  const recorded = cx.implementation;
  const againstArg = stringFlag(args, 'against');
  if (againstArg === undefined && recorded === 'custom') {
    throw new UsageError(
      `${file} was recorded on a system checkConformance did not name ('custom'): give --against ./its-module.ts`,
    );
  }
  const system = await loadSystem(againstArg ?? recorded);
  console.log(`${file}: recorded on ${recorded}; replaying against ${system.name}`);
  if (!sameSystem(recorded, system.name) && recorded !== 'custom') {
    if (args.flags.get('force') !== true) {
      console.error(
        `refused: the file was recorded on ${recorded}, not ${system.name}; ` +
          'a pass there says nothing about ' +
          `${recorded}. Replay against it (omit --against), or add --force to replay anyway.`,
      );
      return 2;
    }
    console.log(`(--force: replaying a counterexample of ${recorded} against ${system.name})`);
  }
  if (args.flags.get('write-test') === true) {
    const testFile = testFileOf(file);
    writeFileSync(testFile, counterexampleTest(cx, testTargetFor(recorded, testFile)));
    console.log(`pasted vitest test written to ${testFile}`);
  }
  const report = replayCounterexample(cx, { implementation: system.factory });
  console.log(`${cx.commands.length} commands on ${cx.preset ?? 'a custom config'}, ${system.name} against the model`);
  console.log(report.log.join('\n'));
  if (report.failure === undefined) {
    console.log(`PASSES on ${system.name}: every check holds (the recorded failure does not come back).`);
    return 0;
  }
  const { kind, step, detail } = report.failure;
  console.log(`FAILS on ${system.name} (${kind} at step ${step}): ${detail}`);
  return 1;
}

runCli(main);
