// `npm run zoo`: the property campaign against every seeded bug of SPEC §9 with a fixed budget and
// fixed seeds; prints a table (bug, caught, sequences and seconds to the first failure, shrunk
// length, first difference). Every flag is validated (exit 2 for a bad one, an unknown bug
// included: `--bug 99` used to run nothing and exit 0). Each counterexample is written, named by
// bug (`bug05-mprotect-no-invalidate.json` and its pasted vitest test `.test.ts`), to
// counterexamples/zoo/ — or, with --write-regressions DIR, to DIR (how test/regressions/ is made).

import { writeFileSync } from 'node:fs';
import {
  integerFlag,
  parseArgs,
  positiveFlag,
  runCli,
  SEED_RANGE,
  stringFlag,
  UsageError,
} from '../../properties/cli/args.ts';
import { zooReport } from '../../properties/report/zoo-report.ts';
import { ZOO } from '../index.ts';
import { ZOO_RUNS, ZOO_SECONDS, ZOO_SEED, runZoo, type ZooRow } from '../zoo-campaign.ts';

const HELP = `npm run zoo -- [flags]    the property campaign against every seeded bug (mutants/)

Flags:
  --bug N[,M…]               only these bugs (numbers 1..${ZOO.length}; an unknown number is an error)
  --runs N                   sequences per bug before it counts as not caught, an integer ≥ 1 (default ${ZOO_RUNS})
  --seed N                   base seed, an integer in [-2^31, 2^32-1] (default ${ZOO_SEED})
  --seconds S                wall-clock cap per bug, a number > 0 (default ${ZOO_SECONDS})
  --report FILE.html         also write a self-contained HTML report (table, charts, one diagram per bug)
  --write-regressions DIR    write each bug's counterexample and pasted vitest test into DIR
                             (test/regressions/ is made this way)
  --json                     print one JSON line: { seed, runs, caught, total, rows }
  --help, -h                 this text

Exit status: 0 every bug caught, 1 some bug not caught, 2 bad flags.

Example:
  npm run zoo -- --bug 3,5 --report zoo.html`;

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

/** The bug numbers of `--bug`, each a known bug; UsageError otherwise. */
function bugIds(value: string | undefined): Set<number> | undefined {
  if (value === undefined) return undefined;
  const ids = new Set<number>();
  for (const part of value.split(',')) {
    const n = /^\s*\d+\s*$/.test(part) ? Number(part) : Number.NaN;
    if (!ZOO.some((b) => b.id === n)) {
      throw new UsageError(`--bug: no seeded bug '${part.trim()}' (known: ${ZOO.map((b) => b.id).join(', ')})`);
    }
    ids.add(n);
  }
  return ids;
}

function main(): number {
  const valued = ['runs', 'seed', 'seconds', 'bug', 'report', 'write-regressions'];
  const args = parseArgs(process.argv.slice(2), valued, ['json']);
  if (args.flags.get('help') === true) {
    console.log(HELP);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}' (see --help)`);
  const json = args.flags.get('json') === true;
  const runs = integerFlag(args, 'runs', 1) ?? ZOO_RUNS;
  const seed = integerFlag(args, 'seed', SEED_RANGE[0], SEED_RANGE[1]) ?? ZOO_SEED;
  const seconds = positiveFlag(args, 'seconds');
  const ids = bugIds(stringFlag(args, 'bug'));
  const reportFile = stringFlag(args, 'report');
  if (reportFile !== undefined && !/\.html?$/i.test(reportFile)) {
    throw new UsageError('--report needs a file name ending in .html');
  }
  const regressions = stringFlag(args, 'write-regressions');
  const bugs = ZOO.filter((b) => ids === undefined || ids.has(b.id));
  if (!json) {
    console.log(`Seeded-bug zoo: ${bugs.length} variants, seed ${seed}, budget ${runs} sequences per bug`);
    const columns = `${'seqs'.padStart(5)} ${'seconds'.padStart(7)} ${'shrunk'.padStart(6)}`;
    console.log(`${'bug'.padEnd(32)} ${'caught'.padEnd(6)} ${columns}   first difference`);
  }
  const result = runZoo(bugs, {
    runs,
    seed,
    counterexampleDir: regressions ?? 'counterexamples/zoo',
    ...(seconds === undefined ? {} : { secondsPerBug: seconds }),
    ...(json ? {} : { onRow: (row: ZooRow) => console.log(tableRow(row)) }),
  });
  if (reportFile !== undefined) {
    writeFileSync(
      reportFile,
      zooReport(result.rows, {
        seed,
        'sequences per bug': runs,
        'seconds per bug (cap)': seconds ?? ZOO_SECONDS,
        bugs: bugs.map((b) => b.id).join(', '),
      }),
    );
  }
  if (json) {
    console.log(
      JSON.stringify({
        seed,
        runs,
        caught: result.caught,
        total: result.total,
        medianShrunkLength: result.medianShrunkLength,
        rows: result.rows.map((r) => ({
          bug: r.bug,
          caught: r.caught,
          runs: r.runs,
          seconds: Number(r.seconds.toFixed(3)),
          shrunkLength: r.shrunkLength,
          ...(r.counterexampleFile === undefined ? {} : { file: r.counterexampleFile }),
        })),
      }),
    );
  } else {
    const median = result.medianShrunkLength;
    console.log(`caught ${result.caught}/${result.total}; median shrunk length ${median} commands; seed ${seed}`);
    const only = ids === undefined ? '' : ` --bug ${[...ids].join(',')}`;
    const cap = seconds === undefined ? '' : ` --seconds ${seconds}`;
    console.log(`Re-run: npm run zoo -- --seed ${seed} --runs ${runs}${only}${cap}`);
    if (reportFile !== undefined) console.log(`HTML report: ${reportFile}`);
    if (regressions !== undefined) console.log(`Counterexamples and their vitest tests written to ${regressions}/`);
  }
  return result.caught === result.total ? 0 : 1;
}

runCli(main);
