// Byte helpers for scenarios: recognisable patterns and text.

/** `n` bytes that differ from their neighbours and from zero: byte i is `(seed + 7 i) mod 251 + 1`. */
export function pattern(n: number, seed = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = ((seed + 7 * i) % 251) + 1;
  return out;
}

/** The ASCII bytes of `text`. */
export function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** `n` zero bytes. */
export function zeros(n: number): Uint8Array {
  return new Uint8Array(n);
}
