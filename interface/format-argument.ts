// The one formatter of caller values in error messages (§S-1 "messages"): every WarpDriveError text
// that shows an argument goes through `formatArgument`, on the model and the impl alike.
// Hazard it closes: a template literal or `String(x)` on an unknown value calls the caller's
// `toString`/`valueOf`/`Symbol.toPrimitive` (user code, which may throw) and throws a TypeError for a
// symbol (template literal) — an error message must never run user code nor fail.

/** Longest string argument shown in full; longer ones are cut (a message stays short). */
const MAX_SHOWN = 64;

/**
 * A short text for any caller value, computed without running user code and without throwing:
 * primitives as themselves (`-0` kept, bigints with `n`, symbols as `Symbol(desc)`, long strings
 * cut), every object or function as `<object>` / `<function>` (its properties are never read).
 * @public
 */
export function formatArgument(x: unknown): string {
  switch (typeof x) {
    case 'number':
      return Object.is(x, -0) ? '-0' : String(x); // ToString of a primitive: no user code
    case 'bigint':
      return `${String(x)}n`;
    case 'string':
      return x.length > MAX_SHOWN ? `${x.slice(0, MAX_SHOWN)}…` : x;
    case 'symbol':
      return formatSymbol(x);
    case 'boolean':
      return x ? 'true' : 'false';
    case 'undefined':
      return 'undefined';
    case 'function':
      return '<function>';
    default:
      return x === null ? 'null' : '<object>';
  }
}

/** `Symbol(desc)` with a long description cut (String of a symbol is the engine's, no user code). */
function formatSymbol(s: symbol): string {
  const text = String(s);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…)` : text;
}
