// One property run in progress: the reference model and (optionally) the implementation under
// test, side by side. Every command runs on both; results and errnos must match; S1-S7 hold on the
// model and I1-I3 on the impl after every command; at the end, full refinement and liveness.

import type { Descriptor, ResolvedConfig, SvaSystem, SystemFactory, SystemSnapshot } from '../../interface/index.ts';
import { checkNewGuestGroups, formatViolation, type InvariantViolation } from '../../invariants/index.ts';
import { createModel } from '../../model/index.ts';
import type { Call } from '../commands/calls.ts';
import { calls } from '../commands/calls.ts';
import type { CommandHost } from '../commands/command.ts';
import type { CommandData } from '../commands/data.ts';
import { perform } from '../commands/perform.ts';
import { CoverageTracker } from '../coverage/tracker.ts';
import { firstDifference, type Difference } from './difference.ts';
import { SequenceFailure } from './failure.ts';
import {
  busyFaultQueue,
  implFaultQueueViolations,
  readViolation,
  rerouteCalls,
  usesFaultQueues,
} from './fault-queue-checks.ts';
import { hasInspectionHook, implViolations, specViolations, startDmaAudit } from './invariant-checks.ts';
import { normalizeSnapshot } from './normalize.ts';
import { formatOutcome, formatValue, invoke, type Outcome } from './outcome.ts';
import { BYTE_MOVING_COMMANDS, firstPageDifference } from './page-contents.ts';

/** How a run is checked. @public */
export interface RunOptions {
  /** The system compared against the model; none = the model checks itself (S1-S7 only). */
  readonly implementation?: SystemFactory;
  /** Compare the two abstract states (without page contents) every this many commands; 0 = only at the end. */
  readonly refineEvery?: number;
  /**
   * `'full'` (default): invariants after every command, refinement every `refineEvery` and at the end;
   * `'paranoid'`: full refinement (page bytes included) after every command as well;
   * `'off'`: outcomes compared only — the baseline the throughput of the checks is measured against (R24).
   */
  readonly checks?: 'full' | 'paranoid' | 'off';
  /** Also run check K over 'noiommu' DMA (R20; the `noiommu` preset): expected to fail. */
  readonly noiommuIsolation?: boolean;
  /** Setup commands run after the opening spawn, as part of step 0 (a named configuration's prelude, R19). */
  readonly prelude?: readonly CommandData[];
}

/**
 * The largest physical memory (bytes) whose pages are compared after every byte-moving command: the
 * tight presets (1 KiB) cost nothing; a 16 MiB one would copy and scan every present page each time
 * (its bytes are compared at the end, as before).
 */
const BYTES_EACH_STEP_LIMIT = 1 << 20;

/** The mid-run check of the impl state against the model's, every `refineEvery` commands, without contents. */
const DEFAULT_REFINE_EVERY = 10;

/** A difference as `at PATH: model has X, impl has Y`. */
function describeDifference(d: Difference): string {
  return `at ${d.path === '' ? '(root)' : d.path}: model has ${formatValue(d.left)}, impl has ${formatValue(d.right)}`;
}

/**
 * The liveness bound (SPEC §7, R10): `quiesce` rounds linear in the outstanding work of `snap` — the
 * host's queues and every guest's (a guest's fault also takes the host's move into the VM's fault
 * queue and the guest's answer, R6).
 * @public
 */
export function quiesceBound(snap: SystemSnapshot, pageSize: number): number {
  let bound = 3 + snap.pageRequests.length + workBound(snap, pageSize, 4);
  for (const vm of snap.vms) {
    const fq = snap.faultQueues.find((q) => q.id === vm.faultQueue);
    bound += 1 + (fq?.undelivered.length ?? 0) + workBound(vm.guest, pageSize, 6);
  }
  return bound;
}

/** Rounds the started queues of one kernel need: per chunk a fault, its answer, its retry (`perChunk` rounds). */
function workBound(snap: SystemSnapshot, pageSize: number, perChunk: number): number {
  let bound = 0;
  for (const q of snap.queues) {
    if (q.state !== 'started') continue;
    for (const p of q.pending) {
      const remaining = Math.max(0, p.desc.len - p.done);
      // Each chunk: a fault, its answer, its retry (and one more after an overflow).
      bound += 1 + perChunk * (2 * Math.ceil(remaining / pageSize) + 1);
    }
  }
  return bound;
}

/** One run: both systems, the run log of resolved calls, coverage, and every check. @public */
export class RunState implements CommandHost {
  readonly config: ResolvedConfig;
  readonly reference: SvaSystem;
  readonly implementation: SvaSystem | undefined;
  readonly coverage: CoverageTracker;
  /** One line per call: `3. p2.write(0x11000, 4096 bytes of pattern 5) → undefined`. */
  readonly log: string[] = [];
  /** Commands run so far. */
  commands = 0;
  private readonly refineEvery: number;
  private readonly checks: 'full' | 'paranoid' | 'off';
  private readonly inspectImpl: boolean;
  private readonly noiommuIsolation: boolean;
  /** Page bytes are compared after every byte-moving command (small memories only, see `BYTES_EACH_STEP_LIMIT`). */
  private readonly checkBytesEachStep: boolean;
  private readonly prelude: readonly CommandData[];
  /** The impl's abstract state before and after the last command, while VMs exist (N3 over a command). */
  private implBefore: SystemSnapshot | undefined;
  private implAfter: SystemSnapshot | undefined;
  /** The reference's state before the next command (what the next command resolves against). */
  private current: SystemSnapshot;
  /** The label of the lines being logged (command number, or `end`). */
  private label = '';

  constructor(config: ResolvedConfig, options: RunOptions = {}) {
    this.config = config;
    this.coverage = new CoverageTracker(config);
    this.reference = createModel(config, { observer: this.coverage.observe });
    this.implementation = options.implementation?.(config);
    this.checks = options.checks ?? 'full';
    this.noiommuIsolation = options.noiommuIsolation === true;
    this.refineEvery = this.checks === 'paranoid' ? 1 : (options.refineEvery ?? DEFAULT_REFINE_EVERY);
    this.inspectImpl = this.implementation !== undefined && hasInspectionHook(this.implementation);
    this.checkBytesEachStep = config.frames * config.pageSize <= BYTES_EACH_STEP_LIMIT;
    this.prelude = options.prelude ?? [];
    if (this.inspectImpl && this.implementation !== undefined) startDmaAudit(this.implementation);
    this.current = this.reference.snapshot();
  }

  /**
   * Every sequence starts with one live process (`0. spawn() → 1`), so that no run spends its
   * first dozens of commands on ESRCH before a spawn is drawn, then the prelude's commands (R19).
   * Call once, before the first command.
   */
  start(): void {
    this.label = '0';
    this.exec(calls.spawn());
    for (const data of this.prelude) {
      this.current = this.reference.snapshot();
      perform(data, { snapshot: this.current, config: this.config }, this.exec);
    }
    this.checkInvariants();
  }

  /** The step number failures report for the current position (the end checks count as one past the last command). */
  private get stepNumber(): number {
    return this.label === 'end' ? this.commands + 1 : this.commands;
  }

  /** Runs one command on both systems and checks everything a command must keep. */
  step(data: CommandData): void {
    this.commands++;
    this.label = String(this.commands);
    const before = this.current;
    this.coverage.beginStep();
    perform(data, { snapshot: before, config: this.config }, this.exec);
    if (this.checks === 'off') {
      this.current = this.reference.snapshot();
      return;
    }
    this.checkInvariants();
    // N3 over the command: a group a guest device issued in it is a stage-1 fault
    if (this.current.vms.length > 0) this.checkGuestGroups(before);
    this.coverage.endStep(data, before, this.current);
    if (this.implementation !== undefined && this.refineEvery > 0 && this.commands % this.refineEvery === 0) {
      this.checkRefinement(this.checks === 'paranoid');
    }
    if (this.implementation !== undefined && this.checkBytesEachStep && BYTE_MOVING_COMMANDS.has(data.cmd))
      this.checkPages(this.implementation);
  }

  /** Runs one call on both systems, logs it, compares the outcomes and counts coverage. */
  private readonly exec = (call: Call): Outcome => {
    const before = this.current;
    const ref = invoke(this.reference, call);
    const impl = this.implementation === undefined ? undefined : invoke(this.implementation, call);
    const shown =
      impl !== undefined && firstDifference(ref, impl) !== undefined
        ? `model ${formatOutcome(ref)}, impl ${formatOutcome(impl)}`
        : formatOutcome(ref);
    this.log.push(`${this.label.padStart(4)}. ${call.text} → ${shown}`);
    if (ref.kind === 'crash')
      throw new SequenceFailure('crash', this.stepNumber, `${call.text}: the model threw ${ref.message}`);
    if (impl !== undefined) {
      if (impl.kind === 'crash')
        throw new SequenceFailure('crash', this.stepNumber, `${call.text}: the impl threw ${impl.message}`);
      const d = firstDifference(ref, impl);
      if (d !== undefined) {
        throw new SequenceFailure(
          'mismatch',
          this.stepNumber,
          `${call.text}: model said ${formatOutcome(ref)}, impl said ${formatOutcome(impl)}` +
            (ref.kind === 'value' && impl.kind === 'value'
              ? ` (first difference ${describeDifference({ ...d, path: d.path.replace(/^value\.?/, '') })})`
              : ''),
        );
      }
    }
    this.countCoverage(call, ref, before);
    const u3 = ref.kind === 'value' ? readViolation(call, ref.value, () => this.reference.snapshot()) : undefined;
    if (u3 !== undefined) this.throwIfViolated('model', [u3]);
    // Later calls of the same command (openReady) resolve nothing, so the snapshot refreshes once per command.
    return ref;
  };

  private countCoverage(call: Call, ref: Outcome, before: SystemSnapshot): void {
    if (ref.kind === 'value') this.coverage.vmCall(call, ref.value, before);
    // a guest call's pids and fds are the guest's: the host-state coverage below does not apply
    if (call.vm !== undefined) return;
    if (call.op === 'send') {
      const [pid, fd, descs] = call.args as [number, number, readonly Descriptor[]];
      if (ref.kind === 'value') this.coverage.sendAccepted(before, pid, fd, descs);
      else if (ref.kind === 'errno' && ref.code === 'EBUSY') this.coverage.sendBusy();
      return;
    }
    if (ref.kind !== 'value') return;
    switch (call.op) {
      case 'munmap':
      case 'mmap':
      case 'mprotect':
      case 'read': {
        const [pid, addr, length] = call.args as [number, number, number];
        if (call.op === 'munmap') this.coverage.munmapped(before, pid, addr, length);
        this.coverage.cpuRange(addr, length);
        break;
      }
      case 'write':
        this.coverage.cpuRange(call.args[1] as number, (call.args[2] as Uint8Array).length);
        break;
      case 'recv': {
        const [pid, fd, max] = call.args as [number, number, number];
        const queueId = before.processes.find((p) => p.pid === pid)?.fds.find((f) => f.fd === fd)?.queue;
        const unread = before.queues.find((q) => q.id === queueId)?.completions.length ?? 0;
        if (max > 0 && max === unread) this.coverage.maxExact();
        break;
      }
      case 'handleFaults':
        if (call.args.length > 0 && call.args[0] === before.pageRequests.length && before.pageRequests.length > 0)
          this.coverage.maxExact();
        break;
      case 'readEvents': {
        const events = before.devices.find((d) => d.name === call.args[0])?.events.length ?? 0;
        if (call.args.length > 1 && call.args[1] === events && events > 0) this.coverage.maxExact();
        break;
      }
      default:
        break;
    }
  }

  /** S1-S7 on the model's new state and I1-I3 on the impl; refreshes the state the next command resolves against. */
  private checkInvariants(): void {
    this.current = this.reference.snapshot();
    this.throwIfViolated('model', specViolations(this.current, this.config));
    if (this.inspectImpl && this.implementation !== undefined)
      this.throwIfViolated('impl', implViolations(this.implementation, { noiommuIsolation: this.noiommuIsolation }));
    // U1-U4 (SPEC §12) on the impl's abstract state, only while fault queues are in use
    if (this.implementation !== undefined && usesFaultQueues(this.current)) {
      const snap = this.implementation.snapshot();
      this.implBefore = this.implAfter;
      this.implAfter = snap.vms.length > 0 ? snap : undefined;
      this.throwIfViolated('impl', implFaultQueueViolations(this.implementation, this.config, snap));
    }
  }

  /** N3 over the last command on the model and (from its snapshots) the impl. */
  private checkGuestGroups(before: SystemSnapshot): void {
    const n3 = checkNewGuestGroups(before, this.current);
    if (n3 !== undefined) this.throwIfViolated('model', [n3]);
    if (this.implBefore === undefined || this.implAfter === undefined) return;
    const implN3 = checkNewGuestGroups(this.implBefore, this.implAfter);
    if (implN3 !== undefined) this.throwIfViolated('impl', [implN3]);
  }

  private throwIfViolated(side: string, found: readonly InvariantViolation[]): void {
    if (found.length > 0) {
      throw new SequenceFailure('invariant', this.stepNumber, `${side}: ${found.map(formatViolation).join('; ')}`);
    }
  }

  /** The bytes of every page present on both systems agree (after a command that can move bytes). */
  private checkPages(implementation: SvaSystem): void {
    let implSnap: SystemSnapshot;
    try {
      implSnap = implementation.snapshot({ contents: true });
    } catch (e) {
      throw new SequenceFailure('crash', this.stepNumber, `impl snapshot() threw ${String(e)}`);
    }
    const d = firstPageDifference(this.reference.snapshot({ contents: true }), implSnap);
    if (d !== undefined) throw new SequenceFailure('refinement', this.stepNumber, `page contents differ at ${d}`);
  }

  /** R: the impl's abstract state equals the model's up to frame renaming (with page bytes when `contents`). */
  checkRefinement(contents: boolean): void {
    if (this.implementation === undefined) return;
    let implSnap: SystemSnapshot;
    try {
      implSnap = this.implementation.snapshot({ contents });
    } catch (e) {
      throw new SequenceFailure('crash', this.stepNumber, `impl snapshot() threw ${String(e)}`);
    }
    const modelSnap = contents ? this.reference.snapshot({ contents }) : this.current;
    const d = firstDifference(normalizeSnapshot(modelSnap), normalizeSnapshot(implSnap));
    if (d !== undefined)
      throw new SequenceFailure('refinement', this.stepNumber, `abstract states differ ${describeDifference(d)}`);
  }

  /**
   * The end-of-sequence checks: full refinement (page contents included); then liveness — `quiesce`
   * terminates within the bound on both, leaves no started queue with work and no page request —
   * then invariants and full refinement again.
   */
  finish(): void {
    this.label = 'end';
    if (this.checks === 'off') {
      this.exec(calls.quiesce());
      return;
    }
    this.checkRefinement(true);
    // R10: every routed slot back to the kernel first (each call compared like any other)
    for (let i = 0; i < 256; i++) {
      const next = rerouteCalls(this.current)[0];
      if (next === undefined) break;
      this.exec(next);
      this.checkInvariants();
    }
    const bound = quiesceBound(this.current, this.config.pageSize);
    const rounds = this.exec(calls.quiesce());
    if (rounds.kind === 'value' && typeof rounds.value === 'number' && rounds.value > bound) {
      throw new SequenceFailure(
        'liveness',
        this.stepNumber,
        `quiesce took ${rounds.value} rounds, more than the bound ${bound} for the outstanding work`,
      );
    }
    this.checkInvariants();
    this.checkQuiet('model', this.current);
    if (this.implementation !== undefined) this.checkQuiet('impl', this.implementation.snapshot());
    this.checkRefinement(true);
  }

  /** After `quiesce`: no started queue has pending work, no page request is queued, no fault queue holds a group (R10). */
  private checkQuiet(side: string, snap: SystemSnapshot): void {
    const busy = snap.queues.find((q) => q.state === 'started' && q.pending.length > 0);
    if (busy !== undefined) {
      throw new SequenceFailure(
        'liveness',
        this.stepNumber,
        `${side}: after quiesce, started queue ${busy.id} (device ${busy.device}) still has ${busy.pending.length} pending descriptors${busy.waitingPrg === undefined ? '' : ` and waits on PRG ${busy.waitingPrg}`}`,
      );
    }
    const fq = busyFaultQueue(snap);
    if (fq !== undefined) throw new SequenceFailure('liveness', this.stepNumber, `${side}: after quiesce, ${fq}`);
    if (snap.pageRequests.length > 0) {
      throw new SequenceFailure(
        'liveness',
        this.stepNumber,
        `${side}: after quiesce, ${snap.pageRequests.length} page-request groups are still queued`,
      );
    }
  }
}
