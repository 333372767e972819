// One self-contained HTML page (issue 11): the mermaid bundle from node_modules inlined into a
// <script>, so the page draws its charts and diagrams with no network at view time. Every text from
// the run is HTML-escaped; the inlined script is escaped so it cannot close its own <script> tag.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One section of the page: a heading and HTML (already escaped) or a mermaid diagram source. */
export type Section =
  | { readonly kind: 'html'; readonly title: string; readonly html: string }
  | { readonly kind: 'mermaid'; readonly title: string; readonly source: string; readonly caption?: string };

/** Text as HTML. */
export function escapeHtml(s: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return s.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/** A two-column table of settings or totals. */
export function keyValueTable(rows: Readonly<Record<string, string | number>>): string {
  const body = Object.entries(rows).map(
    ([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(String(v))}</td></tr>`,
  );
  return `<table class="kv">${body.join('')}</table>`;
}

let bundle: string | undefined;

/** mermaid's browser bundle (`mermaid/dist/mermaid.min.js`), read once. */
function mermaidBundle(): string {
  if (bundle === undefined) {
    const file = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
    bundle = readFileSync(file, 'utf8')
      .replace(/<\/(script)/gi, '<\\/$1')
      .replace(/<!--/g, '<\\!--');
  }
  return bundle;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1300px;color:#1d2330;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde;padding-bottom:4px}
.verdict{display:inline-block;padding:4px 12px;border-radius:6px;font-weight:700;color:#fff}
.pass{background:#1f8a4c}.fail{background:#c0392b}.other{background:#a4670b}
table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #eef}
th{font-weight:600;color:#445}pre{background:#f6f7fa;padding:10px;overflow:auto;font-size:12px;border-radius:4px}
.mermaid{margin:8px 0}.caption{color:#556;font-size:12px}`;

/** The whole page. `verdictClass` colours the verdict badge. */
export function htmlPage(
  title: string,
  verdict: string,
  verdictClass: 'pass' | 'fail' | 'other',
  sections: readonly Section[],
): string {
  const parts = sections.map((s) => {
    if (s.kind === 'html') return `<section><h2>${escapeHtml(s.title)}</h2>${s.html}</section>`;
    const caption = s.caption === undefined ? '' : `<p class="caption">${escapeHtml(s.caption)}</p>`;
    const diagram = `<pre class="mermaid">${escapeHtml(s.source)}</pre>`;
    return `<section><h2>${escapeHtml(s.title)}</h2>${caption}${diagram}</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p><span class="verdict ${verdictClass}">${escapeHtml(verdict)}</span></p>
${parts.join('\n')}
<script>${mermaidBundle()}</script>
<script>
mermaid.initialize({
  startOnLoad: false, securityLevel: 'strict', theme: 'default',
  sequence: { showSequenceNumbers: true, wrap: true },
  themeVariables: { xyChart: { plotColorPalette: '#3b6fd4' } },
});
mermaid.run({ querySelector: '.mermaid' }).then(
  () => { document.body.dataset.rendered = 'yes'; },
  (e) => {
    document.body.dataset.rendered = 'error';
    const p = document.createElement('pre');
    p.textContent = String(e);
    document.body.append(p);
  },
);
</script>
</body></html>
`;
}
