// Issue 2 item 6: the model checks itself. `fc.commands` over every operation on the model alone,
// S1-S7 after every command (and liveness at the end), on both presets: 200 sequences of up to
// 100 commands per preset.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { presets, resolveConfig } from 'warpdrive-sva/interface';
import { commandSequences, runCommands } from 'warpdrive-sva/properties';

describe.each(['tiny', 'default'] as const)('the model on preset %s', (preset) => {
  it('keeps S1-S7 after every command and quiesces at the end (200 sequences of up to 100 commands)', () => {
    const config = resolveConfig(presets[preset]);
    let sequences = 0;
    let commands = 0;
    fc.assert(
      fc.property(commandSequences(config, { maxCommands: 100 }), (seq) => {
        runCommands(config, seq, {}, (state) => {
          sequences++;
          commands += state.commands;
        });
      }),
      { numRuns: 200, seed: preset === 'tiny' ? 4242 : 2424 },
    );
    expect(sequences).toBe(200);
    // The sequences are not trivially short: on average dozens of commands each.
    expect(commands / sequences).toBeGreaterThan(20);
  });
});
