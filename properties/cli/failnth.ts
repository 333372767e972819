// `npm run failnth`: the fail-nth sweep (SPEC §15, R23) from the command line — every injection
// point of every call of seeded passing sequences must fail with its resource's errno and change
// nothing. Prints the injection points per call kind; exit 1 on a violation, 2 on bad flags.

import { presetsFor } from '../campaign/campaign.ts';
import { failNthSweep, formatFailNth } from '../failnth/failnth.ts';
import { integerFlag, parseArgs, runCli, SEED_RANGE, stringFlag, UsageError } from './args.ts';

const HELP = `npm run failnth -- [flags]    fault injection over passing sequences (SPEC §15)

For every call of each drawn sequence and n = 1, 2, … while the injection fires, the call runs with
its n-th fallible step (frame, page-table page, PASID, hardware queue) refused; it must throw ENOMEM,
ENOSPC or EBUSY and leave the abstract state as before (open keeps a PASID it allocated).

Flags:
  --seed N              seed of the drawn sequences, an integer in [-2^31, 2^32-1] (default 1)
  --sequences N         sequences per preset, an integer ≥ 1 (default 20)
  --preset NAME         mix (default: tiny, default, crowded) or one preset
  --max-commands N      longest sequence, an integer in [1, 10000] (default 60)
  --json                print one JSON line
  --help, -h            this text

Exit status: 0 passed, 1 a violation, 2 bad flags.

Example:
  npm run failnth -- --seed 3 --sequences 50`;

function main(): number {
  const args = parseArgs(process.argv.slice(2), ['seed', 'sequences', 'preset', 'max-commands'], ['json']);
  if (args.flags.get('help') === true) {
    console.log(HELP);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}' (see --help)`);
  const preset = stringFlag(args, 'preset');
  let presets;
  try {
    presets = presetsFor(preset);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : 'bad preset');
  }
  const seed = integerFlag(args, 'seed', SEED_RANGE[0], SEED_RANGE[1]);
  const sequences = integerFlag(args, 'sequences', 1);
  const maxCommands = integerFlag(args, 'max-commands', 1, 10_000);
  const result = failNthSweep({
    presets,
    ...(seed === undefined ? {} : { seed }),
    ...(sequences === undefined ? {} : { sequences }),
    ...(maxCommands === undefined ? {} : { maxCommands }),
  });
  if (args.flags.get('json') === true) {
    console.log(
      JSON.stringify({
        ok: result.ok,
        sequences: result.sequences,
        calls: result.calls,
        points: result.points,
        totalPoints: result.totalPoints,
        violations: result.violations,
      }),
    );
  } else {
    console.log(formatFailNth(result));
  }
  return result.ok ? 0 : 1;
}

runCli(main);
