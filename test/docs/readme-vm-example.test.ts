// The README's VM example (SPEC §13, issue 15) runs as written: its second `ts` block is extracted,
// run with tsx from inside the checkout, and what it prints is checked.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

it('the README VM example runs and the assigned device copies the guest bytes', () => {
  const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)];
  const code = blocks[1]?.[1] ?? '';
  expect(code).toContain('sys.guest(vm)');
  const dir = mkdtempSync(join(root, 'test', '.readme-vm-'));
  try {
    const file = join(dir, 'example.ts');
    writeFileSync(file, code);
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const out = execFileSync(tsx, ['--conditions=warpdrive-sva:source', file], { cwd: root, encoding: 'utf8' });
    expect(out).toContain("tag: 2, status: 'ok', done: 12");
    expect(out).toContain('hello, guest');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
