// The HTML report of a zoo run (`npm run zoo -- --report FILE.html`, issue 11): how many seeded bugs
// were caught, the seed and budget, seconds to catch and shrunk length per bug as bar charts, the
// table, and each caught bug's counterexample as a sequence diagram with the first difference
// marked. Rows are taken structurally, so properties/ does not import mutants/.

import type { Counterexample } from '../counterexample/file.ts';
import { counterexampleSections } from './campaign-report.ts';
import { barChart } from './charts.ts';
import { escapeHtml, htmlPage, keyValueTable, type Section } from './html-page.ts';

/** What the report needs of one zoo row (a `ZooRow` of mutants/zoo-campaign.ts). */
export interface ZooReportRow {
  readonly bug: string;
  readonly caught: boolean;
  readonly runs: number;
  readonly seconds: number;
  readonly shrunkLength: number;
  readonly failureKind?: string;
  readonly counterexample?: Counterexample;
  readonly counterexampleFile?: string;
}

/**
 * The self-contained HTML page of a zoo run.
 *
 * @internal
 */
export function zooReport(rows: readonly ZooReportRow[], settings: Readonly<Record<string, string | number>>): string {
  const caught = rows.filter((r) => r.caught).length;
  const head = '<tr><th>bug</th><th>caught</th><th>sequences</th><th>seconds</th><th>shrunk</th><th>check</th></tr>';
  const table = `<table>${head}${rows
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.bug)}</td><td>${r.caught ? 'yes' : '<b>NO</b>'}</td><td>${r.runs}</td>` +
        `<td>${r.seconds.toFixed(2)}</td><td>${r.shrunkLength}</td><td>${escapeHtml(r.failureKind ?? '')}</td></tr>`,
    )
    .join('')}</table>`;
  const sections: Section[] = [
    { kind: 'html', title: 'Seed and settings', html: keyValueTable(settings) },
    { kind: 'html', title: 'Bugs', html: table },
  ];
  if (rows.length > 0) {
    sections.push(
      {
        kind: 'mermaid',
        title: 'Seconds to the first failure',
        source: barChart(
          'Seconds to catch each bug',
          'seconds',
          rows.map((r) => ({ label: r.bug, value: r.seconds })),
          false,
        ),
      },
      {
        kind: 'mermaid',
        title: 'Shrunk counterexample length',
        source: barChart(
          'Commands in the shrunk counterexample',
          'commands',
          rows.map((r) => ({ label: r.bug, value: r.shrunkLength })),
          false,
        ),
      },
    );
  }
  for (const r of rows) {
    if (r.counterexample === undefined) continue;
    const parts = counterexampleSections(r.counterexample, r.counterexampleFile).filter(
      (s) => !s.title.startsWith('Run log'),
    );
    sections.push(...parts.map((s) => ({ ...s, title: `${r.bug} — ${s.title}` })));
  }
  const all = caught === rows.length && rows.length > 0;
  return htmlPage('warpdrive-sva seeded-bug zoo', `caught ${caught}/${rows.length}`, all ? 'pass' : 'fail', sections);
}
