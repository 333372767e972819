// The benchmark results: the record `bench/results.json` holds and `--json` prints (the headline
// numbers of issue 6 first, then the details they come from), the targets of SPEC §10, and the
// table printed for a person.

import type { AllocationResult } from './allocation.ts';
import type { CampaignRate } from './campaign-rate.ts';
import type { DmaResult } from './dma-bench.ts';
import type { StreamComparison } from './stream-bench.ts';
import type { StreamName } from './streams.ts';
import type { TranslateResult } from './translate-bench.ts';

/** SPEC §10's targets. */
export const TARGETS = Object.freeze({
  /** The impl at least this many times faster than the model on copy-heavy work. */
  copyHeavyVsModel: 20,
  /** DMA throughput on large copies at least this fraction of a plain copyWithin. */
  dmaVsRawCopy: 0.5,
});

/** Everything one `npm run bench` measured. */
export interface BenchResults {
  /** Model time / impl time on each stream (median over rounds of side-by-side ratios). */
  readonly implVsModel: Readonly<Record<StreamName, number>>;
  /** Impl DMA bytes/s on 64 KiB page-aligned copies / copyWithin bytes/s of the same bytes. */
  readonly dmaVsRawCopy: number;
  /** ns per IOTLB-hit translation through the impl's internal entry point. */
  readonly translateNsPerOp: number;
  /** Model-checked commands per second of a fixed-seed campaign per preset (0 when skipped). */
  readonly campaignCommandsPerSecond: { readonly tiny: number; readonly default: number };
  /** Whether each SPEC §10 target is met. */
  readonly targetsMet: {
    readonly copyHeavyVsModel: boolean;
    readonly dmaVsRawCopy: boolean;
    readonly hotPathsAllocationFree: boolean;
  };
  readonly streams: readonly StreamComparison[];
  readonly dma: DmaResult;
  readonly translate: TranslateResult;
  readonly allocation: AllocationResult;
  readonly campaigns: readonly CampaignRate[];
  readonly environment: {
    readonly node: string;
    readonly platform: string;
    readonly cpus: number;
    readonly date: string;
    readonly seconds: number;
  };
}

/** The headline numbers and targets from the measurements. */
export function summarize(
  parts: Omit<
    BenchResults,
    'implVsModel' | 'dmaVsRawCopy' | 'translateNsPerOp' | 'campaignCommandsPerSecond' | 'targetsMet'
  >,
): BenchResults {
  const ratio = (name: StreamName): number => parts.streams.find((s) => s.stream === name)?.implVsModel ?? 0;
  const rate = (preset: string): number => parts.campaigns.find((c) => c.preset === preset)?.commandsPerSecond ?? 0;
  const implVsModel = {
    copyHeavy: ratio('copyHeavy'),
    faultHeavy: ratio('faultHeavy'),
    churnHeavy: ratio('churnHeavy'),
  };
  return {
    implVsModel,
    dmaVsRawCopy: parts.dma.dmaVsRawCopy,
    translateNsPerOp: parts.translate.iotlbHitNs,
    campaignCommandsPerSecond: { tiny: rate('tiny'), default: rate('default') },
    targetsMet: {
      copyHeavyVsModel: implVsModel.copyHeavy >= TARGETS.copyHeavyVsModel,
      dmaVsRawCopy: parts.dma.dmaVsRawCopy >= TARGETS.dmaVsRawCopy,
      hotPathsAllocationFree: parts.allocation.allocationFree,
    },
    ...parts,
  };
}

function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

function verdict(met: boolean): string {
  return met ? 'met' : 'MISSED';
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
    .join('  ')
    .trimEnd();
}

/** The results as a table for a terminal. */
export function formatTable(r: BenchResults): string {
  const widths = [34, 12, 12, 10, 16];
  const lines: string[] = [];
  lines.push(
    `warpdrive-sva benchmarks — node ${r.environment.node}, ${r.environment.cpus} cpus, ${fixed(r.environment.seconds, 0)} s`,
  );
  lines.push(row(['stream (median per run)', 'model', 'impl', 'impl×', 'target'], widths));
  for (const s of r.streams) {
    const target =
      s.stream === 'copyHeavy' ? `≥ ${TARGETS.copyHeavyVsModel}× ${verdict(r.targetsMet.copyHeavyVsModel)}` : '';
    lines.push(
      row(
        [
          `${s.stream} (${s.commands} cmds)`,
          `${fixed(s.model.medianMs, 3)} ms`,
          `${fixed(s.impl.medianMs, 3)} ms`,
          `${fixed(s.implVsModel, 1)}×`,
          target,
        ],
        widths,
      ),
    );
  }
  lines.push('');
  const gb = (bytesPerSecond: number): string => `${fixed(bytesPerSecond / 1e9, 2)} GB/s`;
  lines.push(row(['DMA, 15 × 64 KiB copies', 'copyWithin', 'impl', 'ratio', 'target'], widths));
  lines.push(
    row(
      [
        'page-aligned',
        gb(r.dma.rawBytesPerSecond),
        gb(r.dma.implBytesPerSecond),
        fixed(r.dma.dmaVsRawCopy, 2),
        `≥ ${TARGETS.dmaVsRawCopy} ${verdict(r.targetsMet.dmaVsRawCopy)}`,
      ],
      widths,
    ),
  );
  lines.push(row(['unaligned (2 chunks per page)', '', '', fixed(r.dma.unalignedVsRawCopy, 2), ''], widths));
  lines.push('');
  lines.push(row(['translation (internal entry point)', 'ns/op', '', '', ''], widths));
  lines.push(row(['IOTLB hit (device without ATS)', fixed(r.translate.iotlbHitNs, 1), '', '', ''], widths));
  lines.push(row(['ATC hit', fixed(r.translate.atcHitNs, 1), '', '', ''], widths));
  lines.push('');
  const a = r.allocation;
  const bytes = (p: { bytesPerCall: number; collections: number }): string =>
    `${fixed(p.bytesPerCall, 2)} B${p.collections > 0 ? ` ${p.collections}gc` : ''}`;
  lines.push(row(['hot-path heap growth per call', 'IOTLB hit', 'ATC hit', 'chunk', 'burst'], widths));
  lines.push(
    row(
      [
        `target none: ${verdict(r.targetsMet.hotPathsAllocationFree)}`,
        bytes(a.iotlbHit),
        bytes(a.atcHit),
        bytes(a.copyChunk),
        bytes(a.copyBurst),
      ],
      widths,
    ),
  );
  lines.push('');
  lines.push(row(['campaign (impl vs model, fixed seed)', 'commands/s', 'commands', 'seconds', 'result'], widths));
  for (const c of r.campaigns) {
    lines.push(
      row(
        [c.preset, fixed(c.commandsPerSecond, 0), String(c.commands), fixed(c.seconds, 1), c.ok ? 'passed' : 'FAILED'],
        widths,
      ),
    );
  }
  return lines.join('\n');
}
