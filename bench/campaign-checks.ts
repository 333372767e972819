// What the campaign's checks cost (SPEC §16, R24), as ratios from one run on one core: the same
// fixed-seed command stream (same seed, same runs, so the same sequences) run with every check
// (`checks: 'full'`: invariants on both systems after every command, refinement every 10 and at
// the end), with the checks off (outcomes still compared), and fast-check's own ceiling with
// commands that do nothing. R24's "about what the command costs" is full ≥ ½ · off.
// `npm run bench:checks -- [--runs N] [--preset NAME] [--json]`.

import fc from 'fast-check';
import { createSystem } from '../impl/index.ts';
import { integerFlag, parseArgs, runCli, stringFlag } from '../properties/cli/args.ts';
import { checkConformance } from '../properties/index.ts';

/** One stream's rates, commands per wall second. */
export interface CheckCost {
  readonly preset: string;
  readonly full: number;
  readonly off: number;
  readonly paranoid: number;
  readonly fastCheckCeiling: number;
  readonly commands: number;
}

/** Commands per second of one fixed-seed campaign. */
function rate(preset: string, runs: number, checks: 'full' | 'off' | 'paranoid'): { rate: number; commands: number } {
  const r = checkConformance((c) => createSystem(c), {
    seed: 0x5eed,
    presets: [preset],
    runs,
    checks,
    implementationName: 'impl',
  });
  if (!r.ok) throw new Error(`the ${checks} campaign on ${preset} failed:\n${r.report ?? ''}`);
  return { rate: r.commandsPerSecond, commands: r.commands };
}

/** fast-check's ceiling: `fc.commands` of commands that do nothing, as many sequences and as long. */
function ceiling(runs: number, maxCommands: number): number {
  class Nop implements fc.Command<object, object> {
    check(): boolean {
      return true;
    }
    run(): void {
      /* nothing: the ceiling */
    }
    toString(): string {
      return 'nop';
    }
  }
  let commands = 0;
  const start = performance.now();
  fc.assert(
    fc.property(fc.commands([fc.constant(new Nop())], { maxCommands, size: 'max' }), (cmds) => {
      fc.modelRun(() => ({ model: {}, real: {} }), cmds);
      for (const _ of cmds) commands++;
    }),
    { numRuns: runs, seed: 0x5eed },
  );
  return (commands * 1000) / (performance.now() - start);
}

/** Measures one preset. */
export function measureCheckCost(preset: string, runs: number): CheckCost {
  const off = rate(preset, runs, 'off');
  const full = rate(preset, runs, 'full');
  const paranoid = rate(preset, Math.max(1, Math.floor(runs / 4)), 'paranoid');
  return {
    preset,
    full: full.rate,
    off: off.rate,
    paranoid: paranoid.rate,
    fastCheckCeiling: ceiling(runs, 200),
    commands: full.commands,
  };
}

function main(): number {
  const args = parseArgs(process.argv.slice(2), ['runs', 'preset'], ['json']);
  if (args.flags.get('help') === true) {
    console.log(
      'npm run bench:checks -- [--runs N] [--preset tiny|default|…] [--json]\n\nExample:\n  npm run bench:checks -- --runs 200',
    );
    return 0;
  }
  const runs = integerFlag(args, 'runs', 1) ?? 200;
  const presets = stringFlag(args, 'preset')?.split(',') ?? ['tiny', 'default'];
  const results = presets.map((p) => measureCheckCost(p, runs));
  if (args.flags.get('json') === true) {
    console.log(JSON.stringify(results));
    return 0;
  }
  for (const r of results) {
    console.log(
      `${r.preset.padEnd(8)} checks on ${Math.round(r.full)}/s, off ${Math.round(r.off)}/s (on/off ${(r.full / r.off).toFixed(2)}), ` +
        `paranoid ${Math.round(r.paranoid)}/s, fast-check ceiling ${Math.round(r.fastCheckCeiling)}/s ` +
        `(on/ceiling ${(r.full / r.fastCheckCeiling).toFixed(4)}); ${r.commands} commands`,
    );
  }
  return 0;
}

if (process.argv[1]?.endsWith('campaign-checks.ts') === true) runCli(main);
