// Every counterexample file under test/regressions/ is replayed: model against the system the file
// names (`impl`, or `model`), with every check. Each file is a failure that was found and fixed;
// it must keep passing.

import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSystem } from 'warpdrive-sva';
import { createModel } from 'warpdrive-sva/model';
import { readCounterexample, replayCounterexample } from 'warpdrive-sva/properties';

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here).filter((f) => f.endsWith('.json')).sort();

describe('regressions', () => {
  it('has counterexample files to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s replays and passes', (file) => {
    const cx = readCounterexample(join(here, file));
    const report = replayCounterexample(cx, {
      implementation: cx.implementation === 'model' ? (config) => createModel(config) : (config) => createSystem(config),
    });
    expect(report.ok, `${report.failure?.detail ?? ''}\n${report.log.join('\n')}`).toBe(true);
    expect(report.commands).toBe(cx.commands.length);
  });
});
