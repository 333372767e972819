// The deletion and simplification pass run after fast-check's shrink (issue 10 "Shrinking"):
// fast-check shrinks a command list by dropping runs of commands and shrinking each command's
// arbitrary, but it cannot drop a directed prologue's commands one by one, nor lower a value past
// what its arbitrary can reach. This pass replays candidates and keeps one only when it still fails
// the same way (the same failure kind, and for an invariant the same invariant): the commands after
// the failing one go, then blocks and single commands, then single descriptors; then lengths,
// addresses, indices and repeat counts are lowered — until nothing more goes or the budget is spent.

import type { ResolvedConfig } from '../../interface/index.ts';
import type { AddrRef, CommandData, DescriptorData } from '../commands/data.ts';
import type { FailureRecord } from './failure.ts';
import type { RunOptions } from './run-state.ts';
import { replaySequence } from './sequence.ts';

/** The way a failure fails: its kind, and for an invariant the invariants named (`I2`, `S5`). */
export function failureSignature(f: FailureRecord): string {
  if (f.kind !== 'invariant') return f.kind;
  const names = [...new Set(f.detail.match(/\b[SIU]\d+\b/g) ?? [])].sort();
  return `invariant ${names.join(',')}`;
}

/** Options of `minimizeFailure`. */
export interface MinimizeOptions {
  /**
   * Stop after this many candidate replays (default 2000). A count, not a clock: the same failure
   * minimizes to the same counterexample on any machine and under any load (replay depends on it).
   */
  readonly maxReplays?: number;
}

/** Simpler variants of one address reference, simplest first. */
function simplerAddr(a: AddrRef): AddrRef[] {
  const out: AddrRef[] = [];
  if (a.off !== 0) out.push({ ...a, off: 0 });
  if ('area' in a) {
    if (a.alias === true) out.push({ area: a.area, page: a.page, off: a.off });
    if (a.area !== 0) out.push({ ...a, area: 0 });
    if (a.page !== 0) out.push({ ...a, page: 0 });
  } else if ('raw' in a && a.raw > 1) {
    out.push({ ...a, raw: 1 }, { ...a, raw: a.raw - 1 });
  }
  return out;
}

/** Smaller non-negative values than `n` (0 and 1 first, then halves and n − 1). */
function lower(n: number, min = 0): number[] {
  if (n <= min) return [];
  return [...new Set([min, min + 1, Math.floor(n / 2), n - 1])].filter((v) => v >= min && v < n);
}

/** Simpler variants of one descriptor. */
function simplerDescriptor(d: DescriptorData): DescriptorData[] {
  if ('malformed' in d) return [];
  const out: DescriptorData[] = [];
  if (d.len > 0) for (const len of lower(d.len, 1)) out.push({ ...d, len });
  for (const src of simplerAddr(d.src)) out.push({ ...d, src });
  for (const dst of simplerAddr(d.dst)) out.push({ ...d, dst });
  if (d.tag !== 0) out.push({ ...d, tag: 0 });
  return out;
}

/** Simpler variants of one command (never a different command kind). */
function simplerCommand(c: CommandData): CommandData[] {
  const out: CommandData[] = [];
  // A compound command first becomes its core step: the forked fault helper is a fork (then routes).
  if (c.cmd === 'forkFaultHelper') out.push({ cmd: 'fork', p: c.p });
  const r = c as unknown as Record<string, unknown>;
  const withField = (k: string, v: unknown): CommandData => ({ ...r, [k]: v }) as unknown as CommandData;
  for (const k of ['p', 'f', 'dev']) {
    const v = r[k];
    if (typeof v === 'number') for (const w of lower(v)) out.push(withField(k, w));
  }
  for (const k of ['times', 'pages']) {
    const v = r[k];
    if (typeof v === 'number') for (const w of lower(v, 1)) out.push(withField(k, w));
  }
  if (typeof r.len === 'number') for (const w of lower(r.len)) out.push(withField('len', w));
  if (typeof r.at === 'object' && r.at !== null)
    for (const a of simplerAddr(r.at as AddrRef)) out.push(withField('at', a));
  if (c.cmd === 'send') {
    c.descs.forEach((d, i) => {
      if (c.descs.length > 1) out.push({ ...c, descs: c.descs.filter((_, j) => j !== i) });
      for (const s of simplerDescriptor(d)) out.push({ ...c, descs: c.descs.map((x, j) => (j === i ? s : x)) });
    });
  }
  return out;
}

/**
 * The shortest, simplest variant of `data` this pass finds that still fails like `failure` on
 * `config` (checked by replaying with `options`); `data` itself when none does.
 */
export function minimizeFailure(
  config: ResolvedConfig,
  data: readonly CommandData[],
  failure: FailureRecord,
  options: RunOptions,
  minimize: MinimizeOptions = {},
): CommandData[] {
  const want = failureSignature(failure);
  let replaysLeft = minimize.maxReplays ?? 2000;
  let best = [...data];
  /** Whether `candidate` fails the same way; on success it becomes the best, cut after its failing command. */
  const keep = (candidate: CommandData[]): boolean => {
    if (replaysLeft <= 0) return false;
    replaysLeft--;
    const r = replaySequence(config, candidate, options);
    if (r.ok || r.failure === undefined || failureSignature(r.failure) !== want) return false;
    best = r.failure.step <= candidate.length ? candidate.slice(0, Math.max(1, r.failure.step)) : candidate;
    return true;
  };
  keep(best);
  for (let changed = true; changed && replaysLeft > 0;) {
    changed = false;
    // Blocks of commands, halving, then single ones (from the end: later commands depend on earlier ones).
    for (let size = best.length >> 1; size >= 1; size >>= 1) {
      for (let i = best.length - size; i >= 0; i--) {
        if (i + size > best.length) continue;
        if (keep([...best.slice(0, i), ...best.slice(i + size)])) changed = true;
      }
    }
    for (let i = 0; i < best.length; i++) {
      for (const s of simplerCommand(best[i])) {
        if (keep(best.map((c, j) => (j === i ? s : c)))) {
          changed = true;
          break;
        }
      }
    }
  }
  return best;
}
