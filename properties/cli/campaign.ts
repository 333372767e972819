// `npm start`: the verification campaign — a system against the model on the preset mix for 60 s.
// Every flag is validated (exit 2 with a message for a bad one); the summary names the seed and the
// command that re-runs the campaign; Ctrl-C stops between batches and prints the summary so far
// (exit 130); a campaign that checked nothing is not a pass. Exit 1 with the counterexample on failure.

import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseShard, type Shard } from '../campaign/batch-plan.ts';
import { formatCampaign, presetsFor, runCampaign, verdictOf, type StopSignal } from '../campaign/campaign.ts';
import { shardFileText } from '../campaign/shard-file.ts';
import { campaignReport } from '../report/campaign-report.ts';
import { integerFlag, parseArgs, positiveFlag, runCli, SEED_RANGE, stringFlag, UsageError } from './args.ts';
import { loadSystem } from './load-system.ts';

const HELP = `npm start -- [flags]    the impl (or another system) against the model, with every check

Flags:
  --time SECONDS        time budget, a number > 0 (default 60; unlimited when only --runs is given)
  --runs N              stop after N sequences, an integer ≥ 1
  --seed N              base seed, an integer in [-2^31, 2^32-1] (default: random; the summary prints it)
  --preset NAME         mix (default: tiny, default, crowded, scarce, legacy, vm), one of those,
                        or noiommu (SPEC §14: its isolation check K must fail)
  --max-commands N      longest sequence, an integer in [1, 100000] (default 200)
  --against SYSTEM      impl (default), model, or a module exporting a SystemFactory
                        (default export, or named createSystem / factory): ./my-system.ts[#name]
  --workers N           worker threads, each a disjoint part of the batches (default: the machine's
                        available parallelism); the same --seed and --runs give the same result
  --shard I/N           run only shard I of N (batches b ≡ I−1 mod N), e.g. one machine of a CI matrix
  --paranoid            every check after every command (full refinement with page bytes), slower
  --out FILE.json       also write this run's totals (for npm run merge -- FILES…)
  --report FILE.html    also write a self-contained HTML report (verdict, rates, coverage, diagram)
  --json                print one JSON line (ok, verdict, seed, rerun, runs, commands, coverage, ...)
  --help, -h            this text

Exit status: 0 passed, 1 failed or checked nothing, 2 bad flags, 130 stopped by Ctrl-C.
A failure writes counterexamples/*.json and a pasted vitest test beside it (*.test.ts).

Example:
  npm start -- --time 30 --seed 42 --preset tiny --report report.html`;

async function main(): Promise<number> {
  const valued = ['time', 'runs', 'seed', 'preset', 'max-commands', 'against', 'report', 'workers', 'shard', 'out'];
  const args = parseArgs(process.argv.slice(2), valued, ['json', 'paranoid']);
  if (args.flags.get('help') === true) {
    console.log(HELP);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}' (see --help)`);
  const json = args.flags.get('json') === true;
  const preset = stringFlag(args, 'preset');
  if (preset !== undefined) {
    try {
      presetsFor(preset);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : 'bad preset');
    }
  }
  const timeSeconds = positiveFlag(args, 'time');
  const runs = integerFlag(args, 'runs', 1);
  const seed = integerFlag(args, 'seed', SEED_RANGE[0], SEED_RANGE[1]);
  const maxCommands = integerFlag(args, 'max-commands', 1, 100_000);
  const reportFile = stringFlag(args, 'report');
  if (reportFile !== undefined && !/\.html?$/i.test(reportFile)) {
    throw new UsageError('--report needs a file name ending in .html');
  }
  const system = await loadSystem(stringFlag(args, 'against') ?? 'impl');
  const workers = integerFlag(args, 'workers', 1, 256) ?? availableParallelism();
  const shardText = stringFlag(args, 'shard');
  let shard: Shard | undefined;
  try {
    shard = shardText === undefined ? undefined : parseShard(shardText);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : 'bad shard');
  }
  const outFile = stringFlag(args, 'out');

  const signal: StopSignal = { stopped: false };
  const onInterrupt = (): void => {
    // A second Ctrl-C while the last batch finishes ends the process at once.
    if (signal.stopped) process.exit(130);
    signal.stopped = true;
    process.stderr.write('\nstopping after the current batch (Ctrl-C again to quit now)…\n');
  };
  process.on('SIGINT', onInterrupt);
  if (!json) {
    process.stderr.write(`campaign: ${system.name} against the model (Ctrl-C stops it and prints the summary so far)`);
    process.stderr.write('\n');
  }
  const result = await runCampaign(
    {
      system,
      progress: !json && process.stdout.isTTY === true,
      ...(preset === undefined ? {} : { preset }),
      ...(timeSeconds === undefined ? {} : { timeSeconds }),
      ...(runs === undefined ? {} : { runs }),
      ...(seed === undefined ? {} : { seed }),
      ...(maxCommands === undefined ? {} : { maxCommands }),
      ...(shard === undefined ? {} : { shard }),
      ...(args.flags.get('paranoid') === true ? { paranoid: true } : {}),
      workers,
    },
    signal,
  );
  if (outFile !== undefined) writeFileSync(outFile, shardFileText(result, shard));
  process.off('SIGINT', onInterrupt);

  if (reportFile !== undefined) writeFileSync(reportFile, campaignReport(result));
  const verdict = verdictOf(result);
  if (json) {
    const line = {
      ok: result.ok,
      verdict,
      seed: result.seed,
      system: result.system,
      rerun: result.rerun,
      interrupted: result.interrupted,
      runs: result.runs,
      commands: result.commands,
      batches: result.batches,
      ...(result.failedBatch === undefined ? {} : { failedBatch: result.failedBatch }),
      commandsPerSecond: Math.round(result.commandsPerSecond),
      coverage: result.coverage,
      ...(reportFile === undefined ? {} : { report: reportFile }),
      ...(result.counterexample === undefined
        ? {}
        : { counterexample: { ...result.counterexample, file: result.counterexampleFile } }),
    };
    console.log(JSON.stringify(line));
  } else {
    console.log(formatCampaign(result));
    if (reportFile !== undefined) console.log(`HTML report: ${reportFile}`);
  }
  if (verdict === 'FAILED' || verdict === 'NOTHING CHECKED') return 1;
  return verdict === 'INTERRUPTED' ? 130 : 0;
}

runCli(main);
