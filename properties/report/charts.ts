// The report's charts as mermaid `xychart-beta` sources: commands per second over time (a line)
// and a table of counts as bars (the coverage table, the zoo's seconds to catch). Long series are
// averaged into at most `MAX_POINTS` buckets so that the chart stays readable.

import type { RateSample } from '../campaign/campaign.ts';

const MAX_POINTS = 40;

function quoted(s: string): string {
  return `"${s.replace(/"/g, "'").replace(/[;#]/g, ' ')}"`;
}

/** Commands per second over the campaign's elapsed time, as a mermaid line chart. */
export function rateChart(samples: readonly RateSample[]): string {
  const points: { t: number; rate: number }[] = [];
  const per = Math.max(1, Math.ceil(samples.length / MAX_POINTS));
  for (let i = 0; i < samples.length; i += per) {
    const bucket = samples.slice(i, i + per);
    const rate = bucket.reduce((n, s) => n + s.commandsPerSecond, 0) / bucket.length;
    points.push({ t: bucket[bucket.length - 1].elapsedMs / 1000, rate: Math.round(rate) });
  }
  if (points.length === 0) points.push({ t: 0, rate: 0 });
  const top = Math.max(1, ...points.map((p) => p.rate));
  return [
    'xychart-beta',
    '  title "Commands per second over time"',
    `  x-axis "elapsed seconds" [${points.map((p) => quoted(p.t.toFixed(1))).join(', ')}]`,
    `  y-axis "commands/s" 0 --> ${Math.ceil(top * 1.1)}`,
    `  line [${points.map((p) => p.rate).join(', ')}]`,
  ].join('\n');
}

/**
 * Labelled counts as a horizontal bar chart. With `log`, bars are log10(count + 1) so that rare
 * events stay visible next to common ones (the table beside the chart gives the exact counts).
 */
export function barChart(
  title: string,
  axis: string,
  rows: readonly { label: string; value: number }[],
  log: boolean,
): string {
  const values = rows.map((r) => (log ? Math.log10(r.value + 1) : r.value));
  const top = Math.max(1, ...values);
  return [
    'xychart-beta horizontal',
    `  title ${quoted(title)}`,
    `  x-axis [${rows.map((r) => quoted(r.label)).join(', ')}]`,
    `  y-axis ${quoted(axis)} 0 --> ${log ? Math.ceil(top) : Math.ceil(top * 1.1)}`,
    `  bar [${values.map((v) => (Math.round(v * 100) / 100).toString()).join(', ')}]`,
  ].join('\n');
}
