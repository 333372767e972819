// The README's ten-line example runs as written: its first `ts` block is extracted, run with tsx
// from inside the checkout (so `warpdrive-sva` resolves by the package's own name), and what it
// prints is checked.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The first ```ts block of the README. */
function firstTypeScriptBlock(markdown: string): string {
  const match = /```ts\n([\s\S]*?)```/.exec(markdown);
  if (match === null) throw new Error('README has no ts code block');
  return match[1];
}

it('the README example runs and the device copies the bytes', () => {
  const code = firstTypeScriptBlock(readFileSync(join(root, 'README.md'), 'utf8'));
  expect(code).toContain("from 'warpdrive-sva'");
  // a scratch folder inside the checkout, so that self-reference by package name resolves
  const dir = mkdtempSync(join(root, 'test', '.readme-'));
  try {
    const file = join(dir, 'example.ts');
    writeFileSync(file, code);
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const out = execFileSync(tsx, ['--conditions=warpdrive-sva:source', file], { cwd: root, encoding: 'utf8' });
    expect(out).toContain("tag: 1, status: 'ok', done: 13");
    expect(out).toContain('hello, device');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
