// The flag validators every CLI uses (issue 10, "CLI and options"), in process: each rejects a
// value the command cannot use with a UsageError (the CLIs print it and exit 2) that names the flag.

import { describe, expect, it } from 'vitest';
import {
  integerFlag,
  parseArgs,
  positiveFlag,
  numberFlag,
  SEED_RANGE,
  stringFlag,
  UsageError,
} from '../../properties/cli/args.ts';
import { loadSystem } from '../../properties/cli/load-system.ts';

const parse = (argv: string[]) => parseArgs(argv, ['runs', 'time', 'seed', 'name'], ['json']);

describe('parseArgs', () => {
  it.each([
    [['--tme', '3'], /unknown flag --tme/],
    [['--runs'], /--runs needs a value/],
    [['--runs', '--json'], /--runs needs a value/],
    [['--runs', '3', '--runs=4'], /--runs given twice/],
  ])('%j is refused', (argv, message) => {
    expect(() => parse(argv)).toThrow(UsageError);
    expect(() => parse(argv)).toThrow(message);
  });

  it('reads --name value, --name=value, bare flags, -h and positionals', () => {
    const a = parse(['FILE', '--runs', '3', '--time=2.5', '--json', '-h']);
    expect([...a.flags]).toEqual([
      ['runs', '3'],
      ['time', '2.5'],
      ['json', true],
      ['help', true],
    ]);
    expect(a.positionals).toEqual(['FILE']);
  });
});

describe('number flags', () => {
  it.each([
    ['runs', '1.5', 1],
    ['runs', '0', 1],
    ['runs', '-3', 1],
    ['runs', '1e400', 1],
    ['runs', 'ten', 1],
    ['runs', '0x10', 1],
    ['runs', '', 1],
    ['runs', ' ', 1],
    ['runs', 'Infinity', 1],
    ['runs', '9007199254740993', 1],
  ])('integerFlag --%s %j (≥ %d) is refused', (name, value, min) => {
    expect(() => integerFlag(parse([`--${name}=${value}`]), name, min)).toThrow(UsageError);
  });

  it('integerFlag accepts integers in range, also written 1e3, and names the range', () => {
    expect(integerFlag(parse(['--runs', '1e3']), 'runs', 1)).toBe(1000);
    expect(integerFlag(parse([]), 'runs', 1)).toBeUndefined();
    expect(integerFlag(parse(['--seed', String(SEED_RANGE[1])]), 'seed', ...SEED_RANGE)).toBe(2 ** 32 - 1);
    expect(() => integerFlag(parse(['--seed', String(2 ** 32)]), 'seed', ...SEED_RANGE)).toThrow(
      /--seed needs an integer in \[/,
    );
  });

  it.each(['0', '-1', 'NaN', 'soon', '1/2'])('positiveFlag --time %j is refused', (value) => {
    expect(() => positiveFlag(parse([`--time=${value}`]), 'time')).toThrow(/--time needs a number > 0/);
  });

  it('positiveFlag and numberFlag accept what they say', () => {
    expect(positiveFlag(parse(['--time', '0.5']), 'time')).toBe(0.5);
    expect(numberFlag(parse(['--time', '0']), 'time')).toBe(0);
    expect(() => numberFlag(parse(['--time', '-0.1']), 'time')).toThrow(/≥ 0/);
    expect(() => stringFlag(parse(['--name', '']), 'name')).toThrow(/non-empty/);
  });
});

describe('loadSystem', () => {
  const refused = ['nonsense', 'zoo bug 99', './no-such-file.ts', './test/support/cli.ts'];
  it.each(refused)('%s is refused with a UsageError', async (arg) => {
    await expect(loadSystem(arg)).rejects.toThrow(UsageError);
  });

  it('loads built-ins, zoo bugs and a third-party module (default export first, or a named one)', async () => {
    expect((await loadSystem('impl')).name).toBe('impl');
    expect((await loadSystem('zoo bug 5')).name).toBe('zoo bug 5');
    const byDefault = await loadSystem('./test/support/wrapper-system.ts');
    expect(byDefault.name).toBe('module:./test/support/wrapper-system.ts#default');
    const named = await loadSystem('./test/support/wrapper-system.ts#createSystem');
    expect(named.name).toBe('module:./test/support/wrapper-system.ts#createSystem');
    expect(typeof named.factory(undefined).spawn).toBe('function');
  });
});
