// A tiny flag parser for the CLIs: `--name value`, `--name=value` and bare `--flag`; anything else
// is a positional argument. Unknown flags are an error, so a typo never silently does nothing.

/** Parsed command line: flags by name (`true` for a bare flag) and positionals in order. */
export interface ParsedArgs {
  readonly flags: ReadonlyMap<string, string | true>;
  readonly positionals: readonly string[];
}

/** Parses `argv`; `valued` flags take a value, `bare` flags do not; throws a plain Error for an unknown flag or a missing value. */
export function parseArgs(argv: readonly string[], valued: readonly string[], bare: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) { positionals.push(arg); continue; }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (bare.includes(name) && eq < 0) { flags.set(name, true); continue; }
    if (!valued.includes(name)) throw new Error(`unknown flag --${name}`);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    flags.set(name, value);
  }
  return { flags, positionals };
}

/** A flag's value as a non-negative number, or undefined when absent; throws a plain Error when not a number. */
export function numberFlag(args: ParsedArgs, name: string): number | undefined {
  const v = args.flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a non-negative number`);
  return n;
}
