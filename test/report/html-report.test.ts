// The HTML report (issue 11 "A report a person would rather look at"), rendered in a real browser:
// Debian's chromium, headless, loads the self-contained page from a file (no network), and the DOM
// it leaves shows that mermaid drew every chart and the counterexample's sequence diagram — with
// the lanes (process, IOMMU, device) and the first difference — and the screenshot is a real PNG.
// Skipped, with a message, where chromium is absent (.ci/run installs it, so CI never skips).

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CampaignResult } from '../../properties/campaign/campaign.ts';
import { campaignReport } from '../../properties/report/campaign-report.ts';
import { emptyCoverage, readCounterexample } from 'warpdrive-sva/properties';

function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      // not this one
    }
  }
  return undefined;
}

const chromium = findChromium();
if (chromium === undefined) {
  console.warn('html-report.test: SKIPPED the browser checks — no chromium on PATH (apt-get install -y chromium)');
}

const dir = mkdtempSync(join(tmpdir(), 'warpdrive-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A fixed counterexample (not the regenerated test/regressions file, whose calls change with the arbitraries).
const cx = readCounterexample('test/report/fixtures/bug05-counterexample.json');
const result: CampaignResult = {
  ok: false,
  runs: 17,
  commands: 2048,
  elapsedMs: 4000,
  commandsPerSecond: 512,
  coverage: { ...emptyCoverage(), pageRequest: 156, pageResponseSuccess: 47, pageResponseInvalid: 109 },
  perPreset: [{ preset: 'default', runs: 17, commands: 2048, commandsPerSecond: 512 }],
  counterexample: cx,
  counterexampleFile: 'counterexamples/bug05-mprotect-no-invalidate.json',
  seed: 20261124,
  system: cx.implementation,
  settings: { system: cx.implementation, seed: 20261124, preset: 'mix' },
  rerun: "npm start -- --seed 20261124 --against 'zoo bug 5'",
  samples: [1, 2, 3, 4].map((s) => ({ elapsedMs: s * 1000, commandsPerSecond: 500 + 10 * s })),
  interrupted: false,
};
const page = join(dir, 'report.html');
writeFileSync(page, campaignReport(result));

/** Chromium headless with everything that would reach the network or a profile turned off. */
function chrome(args: readonly string[]): Promise<string> {
  const profile = mkdtempSync(join(dir, 'profile-'));
  return new Promise((resolve, reject) => {
    const child = spawn(
      chromium ?? 'chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        '--virtual-time-budget=15000',
        ...args,
        pathToFileURL(page).href,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

describe('the HTML report', () => {
  it('is one self-contained page: mermaid inlined, nothing fetched at view time', () => {
    const html = readFileSync(page, 'utf8');
    // The markup outside the two inline scripts (the bundle's own code mentions tags in strings).
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(2);
    const markup = html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
    expect(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|<iframe/i.test(markup)).toBe(false);
    expect(scripts[1][1]).toContain('mermaid.initialize');
    expect(scripts[0][1].length).toBeGreaterThan(1_000_000);
    expect(markup).toContain('sequenceDiagram');
    expect(markup).toContain('FAILED · seed 20261124');
  });

  const title = 'renders in chromium: every chart and the sequence diagram with lanes and the first difference';
  it.skipIf(chromium === undefined)(title, async () => {
    const full = await chrome(['--dump-dom']);
    // The rendered document without the inlined bundle, so that a failure prints something readable.
    const dom = full.replace(/<script>[\s\S]*?<\/script>/g, '');
    expect(/data-rendered="yes"/.exec(dom)?.[0], dom.slice(0, 2000)).toBe('data-rendered="yes"');
    const svgs = dom.match(/<svg[^>]*id="mermaid-/g) ?? [];
    expect(svgs.length).toBe(3);
    const texts = [
      'host (test driver)',
      'process 1',
      'IOMMU (and kernel mm)',
      'device dummy-0',
      'page request PRG 0',
      'FIRST DIFFERENCE (invariant, step 7)',
      'Commands per second over time',
      'Coverage: times each event was reached',
    ];
    // The drawn text, tags as spaces (mermaid wraps a long lane name into several <tspan>s).
    const drawn = dom.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
    expect(texts.filter((t) => !drawn.includes(t))).toEqual([]);
  });

  it.skipIf(chromium === undefined)('screenshots to a 1400×2000 PNG with content', async () => {
    const png = join(dir, 'report.png');
    await chrome([`--screenshot=${png}`, '--window-size=1400,2000']);
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1400, 2000]);
    expect(statSync(png).size).toBeGreaterThan(50_000);
  });
});
