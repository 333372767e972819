// The fail-nth sweep (SPEC §15, §17 R23), after iommufd's fail-nth selftest: passing command
// sequences (drawn by fast-check from a seed) run on the impl created with fault injection; before
// each call, for n = 1, 2, … while the injection fires, the call runs with its n-th fallible step
// refused and must throw the errno of that resource (ENOMEM for a frame or page-table page, ENOSPC
// for a PASID, EBUSY for a hardware queue) and leave the abstract state (page bytes included) as it
// was — except that `open` keeps a PASID it allocated. Then the call runs for real and the sequence
// goes on. The sweep counts the injection points per call kind.

import fc from 'fast-check';
import { createSystem, type ImplSystem } from '../../impl/index.ts';
import { resolveConfig, type ResolvedConfig, type SystemSnapshot } from '../../interface/index.ts';
import { commandSequences } from '../arbitraries/commands.ts';
import { namedConfig, type PresetChoice } from '../campaign/mix.ts';
import { calls, type Call } from '../commands/calls.ts';
import { SvaCommand } from '../commands/command.ts';
import type { CommandData } from '../commands/data.ts';
import { perform } from '../commands/perform.ts';
import { firstDifference } from '../runner/difference.ts';
import { formatOutcome, formatValue, invoke } from '../runner/outcome.ts';

/** Options of a sweep. @public */
export interface FailNthOptions {
  /** Base seed of the drawn sequences (default 1). */
  readonly seed?: number;
  /** Sequences per preset (default 20). */
  readonly sequences?: number;
  /** Presets to sweep (default tiny, default, crowded). */
  readonly presets?: readonly PresetChoice[];
  /** Longest sequence (default 60). */
  readonly maxCommands?: number;
  /** The highest n tried on one call before the sweep calls the injection endless (default 10000). */
  readonly maxN?: number;
  /** Makes the system swept (default: the impl with fault injection); a test passes a faulty variant. */
  readonly factory?: (config: ResolvedConfig) => ImplSystem;
}

/** One injected failure that broke the rule. @public */
export interface FailNthViolation {
  readonly preset: string;
  /** Index of the sequence in its preset. */
  readonly sequence: number;
  /** The call, as a run log prints it. */
  readonly call: string;
  readonly n: number;
  readonly problem: string;
  /** The commands of the sequence up to and including the one that broke the rule. */
  readonly commands: readonly CommandData[];
}

/** What a sweep found. @public */
export interface FailNthResult {
  readonly ok: boolean;
  readonly sequences: number;
  readonly calls: number;
  /** Injection points swept (injected failures checked), per call kind. */
  readonly points: Readonly<Record<string, number>>;
  readonly totalPoints: number;
  readonly violations: readonly FailNthViolation[];
}

/** The default presets a sweep covers. */
const DEFAULT_PRESETS: readonly PresetChoice[] = ['tiny', 'default', 'crowded'];

/** The command data of a drawn `fc.commands` value, in order (fast-check wraps each command). */
function dataOf(drawn: Iterable<unknown>): CommandData[] {
  const out: CommandData[] = [];
  for (const c of drawn) {
    const inner = (c as { cmd?: unknown }).cmd ?? c;
    if (inner instanceof SvaCommand) out.push(inner.data);
  }
  return out;
}

/** `after` with the PASID of mm `mm` as `before` had it (R23: a failed open keeps its PASID). */
function withPasidOf(after: SystemSnapshot, before: SystemSnapshot, mm: number): SystemSnapshot {
  const old = before.mms.find((m) => m.id === mm);
  return {
    ...after,
    mms: after.mms.map((m) => {
      if (m.id !== mm) return m;
      const { pasid: _dropped, ...rest } = m;
      return old?.pasid === undefined ? rest : { ...rest, pasid: old.pasid };
    }),
  };
}

/**
 * The errno the n-th injection point of `call` stands for, from the state before it: `open`'s
 * first point is the PASID when its mm has none yet, every other point the hardware queue;
 * write, migrate, fork and mapSs allocate memory.
 */
function expectedErrno(call: Call, before: SystemSnapshot, n: number): string {
  if (call.op !== 'open') return 'ENOMEM';
  const pid = call.args[0] as number;
  const mm = before.mms.find((m) => m.id === pid);
  // a 'noiommu' open allocates no PASID (SPEC §14): its only point is the hardware queue
  const noiommu = before.devices.find((d) => d.name === call.args[1])?.mode === 'noiommu';
  return mm?.pasid === undefined && n === 1 && !noiommu ? 'ENOSPC' : 'EBUSY';
}

/** Sweeps one call on `sys`, then runs it for real; returns the problems found and counts its points. */
function sweepCall(
  sys: ImplSystem,
  call: Call,
  maxN: number,
  points: Record<string, number>,
  report: (n: number, problem: string) => void,
): ReturnType<typeof invoke> {
  for (let n = 1; n <= maxN; n++) {
    const before = sys.snapshot({ contents: true });
    sys.failNext(n);
    const outcome = invoke(sys, call);
    if (!sys.injectionConsumed()) {
      // Past the call's last fallible step: this was the real call.
      return outcome;
    }
    points[call.op] = (points[call.op] ?? 0) + 1;
    const want = expectedErrno(call, before, n);
    if (outcome.kind !== 'errno' || outcome.code !== want) {
      report(n, `expected ${want}, got ${formatOutcome(outcome)}`);
      return outcome;
    }
    let after = sys.snapshot({ contents: true });
    if (call.op === 'open') after = withPasidOf(after, before, call.args[0] as number);
    const d = firstDifference(before, after);
    if (d !== undefined) {
      report(
        n,
        `the failed call changed the state at ${d.path || '(root)'}: before ${formatValue(d.left)}, after ${formatValue(d.right)}`,
      );
      return outcome;
    }
  }
  report(maxN, `the injection still fired at n = ${maxN}`);
  return { kind: 'crash', message: 'endless injection' };
}

/** Runs one sequence with the sweep before every call; stops at its first violation. */
function sweepSequence(
  sys: ImplSystem,
  config: ResolvedConfig,
  data: readonly CommandData[],
  maxN: number,
  points: Record<string, number>,
  onViolation: (call: string, n: number, problem: string, upTo: number) => void,
): number {
  let count = 0;
  let broken = false;
  let index = 0;
  const exec = (call: Call): ReturnType<typeof invoke> => {
    count++;
    if (broken) return invoke(sys, call);
    return sweepCall(sys, call, maxN, points, (n, problem) => {
      broken = true;
      onViolation(call.text, n, problem, index);
    });
  };
  exec(calls.spawn());
  for (; index < data.length && !broken; index++) {
    perform(data[index], { snapshot: sys.snapshot(), config }, exec);
  }
  return count;
}

/** Runs the fail-nth sweep. @public */
export function failNthSweep(options: FailNthOptions = {}): FailNthResult {
  const seed = options.seed ?? 1;
  const perPreset = options.sequences ?? 20;
  const maxN = options.maxN ?? 10_000;
  const factory = options.factory ?? ((config: ResolvedConfig) => createSystem(config, { faultInjection: true }));
  const points: Record<string, number> = {};
  const violations: FailNthViolation[] = [];
  let sequences = 0;
  let callCount = 0;
  for (const choice of options.presets ?? DEFAULT_PRESETS) {
    const named = namedConfig(choice);
    const config = resolveConfig(named.config);
    const arb = commandSequences(config, { maxCommands: options.maxCommands ?? 60 });
    const drawn = fc.sample(arb, { seed, numRuns: perPreset });
    drawn.forEach((sequence, i) => {
      const data = dataOf(sequence);
      sequences++;
      callCount += sweepSequence(factory(config), config, data, maxN, points, (call, n, problem, upTo) => {
        violations.push({ preset: named.name, sequence: i, call, n, problem, commands: data.slice(0, upTo + 1) });
      });
    });
  }
  const totalPoints = Object.values(points).reduce((a, b) => a + b, 0);
  return { ok: violations.length === 0, sequences, calls: callCount, points, totalPoints, violations };
}

/** A sweep's result for a person: counts per call kind and each violation. @public */
export function formatFailNth(result: FailNthResult): string {
  const lines = [
    `${result.ok ? 'PASSED' : 'FAILED'}: fail-nth sweep of ${result.sequences} sequences, ${result.calls} calls, ` +
      `${result.totalPoints} injection points`,
  ];
  for (const [op, count] of Object.entries(result.points).sort())
    lines.push(`  ${op.padEnd(8)} ${String(count).padStart(8)} points`);
  for (const v of result.violations.slice(0, 10)) {
    lines.push(`  ${v.preset} sequence ${v.sequence}: ${v.call} with failNext(${v.n}): ${v.problem}`);
  }
  if (result.violations.length > 10) lines.push(`  … and ${result.violations.length - 10} more`);
  return lines.join('\n');
}
