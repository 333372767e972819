// The README's VM example (SPEC §13) runs as written: the `ts` block under "## SVA inside a VM" is
// extracted, run with tsx from inside the checkout, and what it prints is checked.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The first ```ts block after the VM section's heading. */
function vmExample(markdown: string): string {
  const section = markdown.indexOf('## SVA inside a VM');
  if (section < 0) throw new Error('README has no VM section');
  const match = /```ts\n([\s\S]*?)```/.exec(markdown.slice(section));
  if (match === null) throw new Error('the README VM section has no ts code block');
  return match[1];
}

it('the README VM example runs: a guest process copies through the assigned device', () => {
  const code = vmExample(readFileSync(join(root, 'README.md'), 'utf8'));
  expect(code).toContain('sys.guest(vm)');
  const dir = mkdtempSync(join(root, 'test', '.readme-vm-'));
  try {
    const file = join(dir, 'example.ts');
    writeFileSync(file, code);
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const out = execFileSync(tsx, ['--conditions=warpdrive-sva:source', file], { cwd: root, encoding: 'utf8' });
    expect(out).toContain("tag: 1, status: 'ok', done: 12");
    expect(out).toContain('hello, guest');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
