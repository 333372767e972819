// `npm run bench` (SPEC §10, issue 6): impl vs model on the three streams, DMA vs copyWithin,
// IOTLB-hit translation cost, hot-path allocation and campaign commands per second. Prints a
// table, writes bench/results.json, and with `--json` prints the results as one final JSON line.
// Flags: `--json`; `--quick` (fewer rounds, 2 s campaigns: a smoke run); `--campaign-seconds N`.
// Progress goes to stderr.

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { createSystem } from '../impl/index.ts';
import { createModel } from '../model/index.ts';
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

function parseFlags(argv: readonly string[]): RunFlags {
  const quick = argv.includes('--quick');
  const at = argv.indexOf('--campaign-seconds');
  const campaignSeconds = at >= 0 ? Number(argv[at + 1]) : quick ? 2 : 10;
  if (!Number.isFinite(campaignSeconds) || campaignSeconds < 0) throw new Error(`--campaign-seconds needs a number, got ${argv[at + 1]}`);
  for (const arg of argv) {
    if (arg.startsWith('--') && !['--json', '--quick', '--campaign-seconds'].includes(arg)) throw new Error(`unknown flag ${arg}`);
  }
  return { json: argv.includes('--json'), quick, campaignSeconds };
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const started = performance.now();
  const rounds: RoundOptions = flags.quick ? { rounds: 3, timeMs: 100 } : { rounds: 11, timeMs: 250 };

  const streams: StreamComparison[] = [];
  for (const stream of benchStreams()) {
    progress(`${stream.name}: ${stream.description}`);
    streams.push(await compareOnStream(stream, (c) => createModel(c), (c) => createSystem(c), rounds));
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
    streams, dma, translate, allocation, campaigns,
    environment: {
      node: process.version, platform: `${process.platform}-${process.arch}`, cpus: os.cpus().length,
      date: new Date().toISOString(), seconds: (performance.now() - started) / 1000,
    },
  });
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${formatTable(results)}\n`);
  if (flags.json) process.stdout.write(`${JSON.stringify(results)}\n`);
  for (const c of campaigns) {
    if (c.ok) continue;
    progress(`the campaign on ${c.preset} FAILED: the impl disagrees with the model\n${c.report ?? ''}`);
    process.exitCode = 1;
  }
}

await main();
