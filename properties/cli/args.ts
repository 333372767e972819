// A tiny flag parser for the CLIs: `--name value`, `--name=value` and bare `--flag`; anything else
// is a positional argument. Unknown flags are an error, so a typo never silently does nothing; a
// number flag must be exactly a number in its range (issue 10: `--runs 1.5` hung, `--runs 0`
// "passed"), so `UsageError` (exit status 2) is the answer to any value the command cannot use.

/** Parsed command line: flags by name (`true` for a bare flag) and positionals in order. */
export interface ParsedArgs {
  readonly flags: ReadonlyMap<string, string | true>;
  readonly positionals: readonly string[];
}

/**
 * A command line the command cannot run: the CLIs print the message and exit with status 2.
 *
 * @internal
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Parses `argv`; `valued` flags take a value, `bare` flags do not (`--help`/`-h` is always bare);
 * throws a UsageError for an unknown flag, a missing value or a flag given twice.
 *
 * @internal
 */
export function parseArgs(argv: readonly string[], valued: readonly string[], bare: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      flags.set('help', true);
      continue;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (flags.has(name)) throw new UsageError(`--${name} given twice`);
    if ((bare.includes(name) || name === 'help') && eq < 0) {
      flags.set(name, true);
      continue;
    }
    if (!valued.includes(name)) throw new UsageError(`unknown flag --${name} (see --help)`);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return { flags, positionals };
}

/** The text of a valued flag, or undefined when absent. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  if (v !== undefined && v.trim() === '') throw new UsageError(`--${name} needs a non-empty value`);
  return v;
}

/** A decimal literal, nothing else (`Number('')` is 0 and `Number('0x10')` is 16: both refused). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parsedNumber(args: ParsedArgs, name: string, what: string): number | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  const n = DECIMAL.test(v.trim()) ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw new UsageError(`--${name} needs ${what}, got ${JSON.stringify(v)}`);
  return n;
}

/**
 * A flag's value as an integer in `[min, max]`, or undefined when absent; UsageError otherwise.
 *
 * @internal
 */
export function integerFlag(
  args: ParsedArgs,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const what = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
  const n = parsedNumber(args, name, what);
  if (n === undefined) return undefined;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name} needs ${what}, got ${String(n)}`);
  return n;
}

/**
 * A flag's value as a finite number > 0, or undefined when absent; UsageError otherwise.
 *
 * @internal
 */
export function positiveFlag(args: ParsedArgs, name: string): number | undefined {
  const n = parsedNumber(args, name, 'a number > 0');
  if (n === undefined) return undefined;
  if (n <= 0) throw new UsageError(`--${name} needs a number > 0, got ${String(n)}`);
  return n;
}

/** A flag's value as a non-negative number, or undefined when absent (kept for old callers). */
export function numberFlag(args: ParsedArgs, name: string): number | undefined {
  const n = parsedNumber(args, name, 'a number ≥ 0');
  if (n !== undefined && n < 0) throw new UsageError(`--${name} needs a number ≥ 0, got ${String(n)}`);
  return n;
}

/** The fast-check seed range every `--seed` accepts. */
export const SEED_RANGE: readonly [number, number] = [-(2 ** 31), 2 ** 32 - 1];

/**
 * Runs a CLI's `main`: its status becomes the exit status; a UsageError, RangeError or TypeError
 * (bad input) prints its message and exits 2, anything else is a crash (status 3 with the stack).
 *
 * @internal
 */
export function runCli(main: () => number | Promise<number>): void {
  const fail = (e: unknown): void => {
    if (e instanceof UsageError || e instanceof RangeError || e instanceof TypeError) {
      console.error(`error: ${e.message}`);
      process.exitCode = 2;
    } else {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exitCode = 3;
    }
  };
  try {
    Promise.resolve(main()).then((status) => {
      process.exitCode = status;
    }, fail);
  } catch (e) {
    fail(e);
  }
}
