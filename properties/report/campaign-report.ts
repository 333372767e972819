// The HTML report of a campaign (`npm start -- --report FILE.html`, issue 11): verdict, seed and
// settings with the re-run command, commands per second over time, the coverage table as a bar
// chart, and on failure the shrunk counterexample as a sequence diagram with the first difference
// marked, its run log and its pasted vitest test.

import type { CampaignResult } from '../campaign/campaign.ts';
import { verdictOf } from '../campaign/campaign.ts';
import type { Counterexample } from '../counterexample/file.ts';
import { traceCounterexample } from '../counterexample/trace.ts';
import { COVERAGE_EVENTS, COVERAGE_LABELS, type Coverage } from '../coverage/events.ts';
import { barChart, rateChart } from './charts.ts';
import { escapeHtml, htmlPage, keyValueTable, type Section } from './html-page.ts';
import { sequenceDiagram } from './sequence-diagram.ts';

/** The coverage table as a bar chart and the exact counts. */
export function coverageSections(coverage: Coverage): Section[] {
  const rows = COVERAGE_EVENTS.map((e) => ({ label: COVERAGE_LABELS[e], value: coverage[e] }));
  const table = Object.fromEntries(rows.map((r) => [r.label, r.value === 0 ? '0 (not reached)' : r.value]));
  return [
    {
      kind: 'mermaid',
      title: 'Coverage',
      source: barChart('Coverage: times each event was reached', 'log10(times + 1)', rows, true),
    },
    { kind: 'html', title: 'Coverage counts', html: keyValueTable(table) },
  ];
}

/** The sections of a counterexample: its diagram, its first difference, its run log. */
export function counterexampleSections(cx: Counterexample, file: string | undefined): Section[] {
  const sections: Section[] = [];
  try {
    sections.push({
      kind: 'mermaid',
      title:
        `Counterexample: ${cx.commands.length} commands on ${cx.preset ?? 'a custom config'} ` +
        `(recorded on ${cx.implementation})`,
      caption:
        'Lanes: each process, the IOMMU, each device. Solid arrows: calls, page requests, responses, DMA; ' +
        'dashed: answers (✗ = errno). The shaded step is where the first difference was found.',
      source: sequenceDiagram(traceCounterexample(cx), cx.failure),
    });
  } catch (e) {
    const why = escapeHtml(e instanceof Error ? e.message : 'trace failed');
    sections.push({ kind: 'html', title: 'Counterexample', html: `<p>(no diagram: ${why})</p>` });
  }
  sections.push({
    kind: 'html',
    title: 'First difference',
    html:
      `<p><b>${escapeHtml(cx.failure.kind)} at step ${cx.failure.step}</b>: ${escapeHtml(cx.failure.detail)}</p>` +
      (file === undefined ? '' : `<p>Replay: <code>npm run replay -- ${escapeHtml(file)}</code></p>`),
  });
  const log = escapeHtml(cx.log.join('\n'));
  sections.push({ kind: 'html', title: 'Run log (resolved calls)', html: `<pre>${log}</pre>` });
  return sections;
}

/**
 * The self-contained HTML page of a campaign's result.
 *
 * @internal
 */
export function campaignReport(result: CampaignResult): string {
  const verdict = verdictOf(result);
  const sections: Section[] = [
    {
      kind: 'html',
      title: 'Seed and settings',
      html: `${keyValueTable(result.settings)}<p>Re-run: <code>${escapeHtml(result.rerun)}</code></p>`,
    },
    ...(result.counterexample === undefined
      ? []
      : counterexampleSections(result.counterexample, result.counterexampleFile)),
    {
      kind: 'html',
      title: 'Totals',
      html: keyValueTable({
        sequences: result.runs,
        commands: result.commands,
        seconds: (result.elapsedMs / 1000).toFixed(1),
        'commands/s': Math.round(result.commandsPerSecond),
        ...Object.fromEntries(
          result.perPreset
            .filter((p) => p.runs > 0)
            .map((p) => [`preset ${p.preset}`, `${p.runs} sequences, ${Math.round(p.commandsPerSecond)} commands/s`]),
        ),
      }),
    },
    { kind: 'mermaid', title: 'Commands per second', source: rateChart(result.samples) },
    ...coverageSections(result.coverage),
  ];
  const cls = verdict === 'PASSED' ? 'pass' : verdict === 'FAILED' ? 'fail' : 'other';
  const title = `warpdrive-sva campaign: ${result.system} against the model`;
  return htmlPage(title, `${verdict} · seed ${result.seed}`, cls, sections);
}
