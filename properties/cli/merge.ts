// `npm run merge -- FILES…` (SPEC §16, R25): merges the shard files of one campaign (written by
// `npm start -- --shard I/N --out FILE`, e.g. on the machines of a CI matrix): runs, commands and
// coverage summed, batch lists joined, and the failure of the lowest failing batch kept — written
// as a counterexample file and replayed here against its recorded system. Exit 0 passed, 1 failed
// (or the shards checked nothing), 2 for files that are not shards of one campaign.

import { writeFileSync } from 'node:fs';
import { formatBatchRanges } from '../campaign/batch-plan.ts';
import { readShardFile, type ShardFile } from '../campaign/shard-file.ts';
import { mergeShardTotals } from '../campaign/shard-totals.ts';
import { writeCounterexample } from '../counterexample/file.ts';
import { replayCounterexample } from '../counterexample/replay.ts';
import { formatCoverage } from '../coverage/events.ts';
import { parseArgs, runCli, stringFlag, UsageError } from './args.ts';
import { loadSystem } from './load-system.ts';

const HELP = `npm run merge -- FILE… [flags]    merge the shard files of one campaign

Each FILE is written by npm start -- --shard I/N --out FILE (same seed, preset, budget and system).

Flags:
  --out FILE.json       also write the merged totals
  --json                print one JSON line
  --help, -h            this text

Exit status: 0 passed, 1 failed or checked nothing, 2 bad arguments or mismatched files.

Example:
  npm run merge -- shard-1.json shard-2.json`;

/** Throws a UsageError unless every file is a shard of the same campaign. */
function checkSameCampaign(files: readonly string[], shards: readonly ShardFile[]): void {
  const key = JSON.stringify(shards[0].campaign);
  shards.forEach((s, i) => {
    if (JSON.stringify(s.campaign) !== key) {
      throw new UsageError(`${files[i]} is a shard of another campaign (${JSON.stringify(s.campaign)}, not ${key})`);
    }
  });
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), ['out'], ['json']);
  if (args.flags.get('help') === true) {
    console.log(HELP);
    return 0;
  }
  if (args.positionals.length === 0) throw new UsageError('merge needs at least one shard file (see --help)');
  const files = args.positionals;
  let shards: ShardFile[];
  try {
    shards = files.map(readShardFile);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : 'bad file');
  }
  checkSameCampaign(files, shards);
  const merged = mergeShardTotals(shards.map((s) => s.totals));
  const outFile = stringFlag(args, 'out');
  if (outFile !== undefined)
    writeFileSync(outFile, `${JSON.stringify({ campaign: shards[0].campaign, totals: merged }, null, 1)}\n`);
  let replayed: string | undefined;
  let file: string | undefined;
  if (merged.counterexample !== undefined) {
    file = writeCounterexample(merged.counterexample, 'counterexamples', `merged-batch-${merged.failedBatch}`);
    const system = await loadSystem(merged.counterexample.implementation);
    const replay = replayCounterexample(merged.counterexample, { implementation: system.factory });
    replayed = replay.ok
      ? 'the replay PASSED: the failure did not come back'
      : `the replay fails again (${replay.failure?.kind})`;
  }
  const verdict =
    merged.counterexample !== undefined || merged.failedBatch !== undefined
      ? 'FAILED'
      : merged.runs === 0
        ? 'NOTHING CHECKED'
        : 'PASSED';
  if (args.flags.get('json') === true) {
    console.log(JSON.stringify({ verdict, ...merged, counterexampleFile: file, replayed }));
  } else {
    const c = shards[0].campaign;
    console.log(`${verdict}: ${files.length} shard files merged (${String(c.system)}, seed ${String(c.seed)})`);
    console.log(
      `  ${merged.runs} sequences, ${merged.commands} commands; batches ${formatBatchRanges(merged.batches)}`,
    );
    for (const p of merged.perPreset) {
      console.log(
        `    ${p.preset.padEnd(8)} ${String(p.runs).padStart(6)} sequences ${String(p.commands).padStart(9)} commands`,
      );
    }
    console.log('Coverage (times reached):');
    console.log(formatCoverage(merged.coverage));
    if (merged.failedBatch !== undefined) {
      console.log(`\nThe lowest failing batch is ${merged.failedBatch}.`);
      if (merged.report !== undefined) console.log(merged.report);
      if (file !== undefined)
        console.log(`Counterexample: ${file}; ${replayed ?? ''}\nReplay it: npm run replay -- ${file}`);
    }
  }
  return verdict === 'PASSED' ? 0 : 1;
}

runCli(main);
