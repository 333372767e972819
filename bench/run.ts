// `npm run bench` (SPEC §10, issue 6): impl vs model on the three streams, DMA vs copyWithin,
// IOTLB-hit translation cost, hot-path allocation and campaign commands per second. Prints a
// table, writes bench/results.json, and with `--json` prints the results as one final JSON line.
// Flags (`--help` lists them): `--json`; `--quick` (fewer rounds, 2 s campaigns); `--campaign-seconds N`.
// Progress goes to stderr.

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { createSystem } from '../impl/index.ts';
import { createModel } from '../model/index.ts';
import { numberFlag, parseArgs, runCli, UsageError } from '../properties/cli/args.ts';
import { measureHotPathAllocation } from './allocation.ts';
import { measureCampaign, type CampaignRate } from './campaign-rate.ts';
import { measureDma } from './dma-bench.ts';
import type { RoundOptions } from './harness.ts';
import { formatTable, summarize } from './report.ts';
import { compareOnStream, type StreamComparison } from './stream-bench.ts';
import { benchStreams } from './streams.ts';
import { measureTranslation } from './translate-bench.ts';

interface RunFlags {
  readonly json: boolean;
  readonly quick: boolean;
  readonly campaignSeconds: number;
}

const HELP = `npm run bench -- [flags]    impl vs model on the bench streams, DMA, translation, allocation, campaign rate

Flags:
  --quick                   fewer rounds and 2 s campaigns (a smoke run)
  --campaign-seconds S      seconds of each campaign-rate measurement, a number ≥ 0 (0 skips them;
                            default 10, or 2 with --quick)
  --json                    also print the results as one final JSON line
  --help, -h                this text

Writes bench/results.json. Exit status: 0 done, 1 a campaign found a failure, 2 bad flags.

Example:
  npm run bench -- --quick --json`;

function parseFlags(argv: readonly string[]): RunFlags | 'help' {
  const args = parseArgs(argv, ['campaign-seconds'], ['json', 'quick']);
  if (args.flags.get('help') === true) return 'help';
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}' (see --help)`);
  const quick = args.flags.get('quick') === true;
  const campaignSeconds = numberFlag(args, 'campaign-seconds') ?? (quick ? 2 : 10);
  return { json: args.flags.get('json') === true, quick, campaignSeconds };
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2));
  if (flags === 'help') {
    console.log(HELP);
    return 0;
  }
  const started = performance.now();
  const rounds: RoundOptions = flags.quick ? { rounds: 3, timeMs: 100 } : { rounds: 11, timeMs: 250 };

  const streams: StreamComparison[] = [];
  for (const stream of benchStreams()) {
    progress(`${stream.name}: ${stream.description}`);
    streams.push(
      await compareOnStream(
        stream,
        (c) => createModel(c),
        (c) => createSystem(c),
        rounds,
      ),
    );
  }
  progress('DMA vs copyWithin');
  const dma = await measureDma(rounds);
  progress('translation');
  const translate = await measureTranslation(rounds);
  progress('hot-path allocation');
  const allocation = await measureHotPathAllocation();
  const campaigns: CampaignRate[] = [];
  if (flags.campaignSeconds > 0) {
    for (const preset of ['tiny', 'default'] as const) {
      progress(`campaign on ${preset} for ${flags.campaignSeconds} s`);
      campaigns.push(measureCampaign(preset, flags.campaignSeconds));
    }
  }

  const results = summarize({
    streams,
    dma,
    translate,
    allocation,
    campaigns,
    environment: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: os.cpus().length,
      date: new Date().toISOString(),
      seconds: (performance.now() - started) / 1000,
    },
  });
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${formatTable(results)}\n`);
  if (flags.json) process.stdout.write(`${JSON.stringify(results)}\n`);
  let status = 0;
  for (const c of campaigns) {
    if (c.ok) continue;
    progress(`the campaign on ${c.preset} FAILED: the impl disagrees with the model\n${c.report ?? ''}`);
    status = 1;
  }
  return status;
}

runCli(main);
