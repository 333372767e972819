// `npm run zoo`: the property campaign against every seeded bug of SPEC §9 with a fixed budget and
// fixed seeds; prints a table (bug, caught, sequences and seconds to the first failure, shrunk
// length, first difference). Flags: --json (one final JSON line), --runs N, --seed N, --seconds N
// (per bug), --bug N (repeatable as a comma list: --bug 3,15). Exit status 1 unless every bug is caught.
// Each counterexample is written to counterexamples/zoo/; `npm run replay -- FILE` replays it
// against its variant.

import { parseArgs, numberFlag } from '../../properties/cli/args.ts';
import { ZOO } from '../index.ts';
import { ZOO_RUNS, ZOO_SEED, runZoo, type ZooRow } from '../zoo-campaign.ts';

const DIFF_WIDTH = 110;

function oneLine(s: string | undefined): string {
  const flat = (s ?? '').replace(/\s+/g, ' ');
  return flat.length > DIFF_WIDTH ? `${flat.slice(0, DIFF_WIDTH - 1)}…` : flat;
}

function tableRow(r: ZooRow): string {
  return [
    r.bug.padEnd(32),
    (r.caught ? 'yes' : 'NO').padEnd(6),
    String(r.runs).padStart(5),
    r.seconds.toFixed(2).padStart(7),
    String(r.shrunkLength).padStart(6),
    `  ${r.caught ? `${r.failureKind}: ${oneLine(r.firstDifference)}` : '(not caught within the budget)'}`,
  ].join(' ');
}

function main(): number {
  const args = parseArgs(process.argv.slice(2), ['runs', 'seed', 'seconds', 'bug'], ['json']);
  const json = args.flags.get('json') === true;
  const runs = numberFlag(args, 'runs') ?? ZOO_RUNS;
  const seed = numberFlag(args, 'seed') ?? ZOO_SEED;
  const seconds = numberFlag(args, 'seconds');
  const only = args.flags.get('bug');
  const ids = typeof only === 'string' ? new Set(only.split(',').map(Number)) : undefined;
  const bugs = ZOO.filter((b) => ids === undefined || ids.has(b.id));
  if (!json) {
    console.log(`Seeded-bug zoo: ${bugs.length} variants, seed ${seed}, budget ${runs} sequences per bug`);
    console.log(`${'bug'.padEnd(32)} ${'caught'.padEnd(6)} ${'seqs'.padStart(5)} ${'seconds'.padStart(7)} ${'shrunk'.padStart(6)}   first difference`);
  }
  const result = runZoo(bugs, {
    runs, seed,
    counterexampleDir: 'counterexamples/zoo',
    ...(seconds === undefined ? {} : { secondsPerBug: seconds }),
    ...(json ? {} : { onRow: (row: ZooRow) => console.log(tableRow(row)) }),
  });
  if (json) {
    console.log(JSON.stringify(result.rows.map((r) => ({
      bug: r.bug, caught: r.caught, runs: r.runs, seconds: Number(r.seconds.toFixed(3)), shrunkLength: r.shrunkLength,
    }))));
  } else {
    console.log(`caught ${result.caught}/${result.total}; median shrunk length ${result.medianShrunkLength} commands`);
  }
  return result.caught === result.total ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 2;
}
