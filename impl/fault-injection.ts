// Fault injection (SPEC §15, §17 R23): with `createSystem(config, { faultInjection: true })`,
// `failNext(n)` makes the n-th fallible internal step of the next call fail as if its resource were
// exhausted. The fallible steps are frame and page-table-page allocation (write, migrate, fork,
// mapSs → ENOMEM), PASID allocation (open → ENOSPC) and hardware-queue allocation (open → EBUSY). Each site
// holds a `Refusal` that is `undefined` when injection is off, so the cost when off is one check at
// the allocation site; only a system with injection gets its public methods wrapped (to know where
// a call begins and ends).

/** Asked at a fallible step: true = fail it as if the resource were exhausted. @internal */
export type Refusal = () => boolean;

/** The public calls in which steps may be refused (R23: the rows naming the resource's errno). */
const SITE_CALLS: ReadonlySet<string> = new Set([
  'write',
  'migrate',
  'fork',
  'open',
  'mapSs',
  'vmMapRam',
  'guest.write',
  'guest.migrate',
  'guest.open',
]);

/**
 * The countdown of one system's fault injection. `arm(n)` applies to the next public call only; a
 * call that has no site (or ends before its n-th step) consumes the arm without firing.
 *
 * @internal
 */
export class FaultInjector {
  /** Steps left until the refused one in the current call; 0 = nothing to refuse. */
  private remaining = 0;
  /** The n armed for the next call (0 = none). */
  private armed = 0;
  private fired = false;
  /** Nesting of public calls (quiesce calls handleFaults): only the outermost begins and ends one. */
  private depth = 0;

  /** The refusal every site of this system asks. */
  readonly refuse: Refusal = () => {
    if (this.remaining === 0) return false;
    if (--this.remaining !== 0) return false;
    this.fired = true;
    return true;
  };

  /** Arms the next call to fail its n-th fallible step. */
  arm(n: number): void {
    this.armed = n;
    this.fired = false;
  }

  /** Whether the last call's armed step fired. */
  consumed(): boolean {
    return this.fired;
  }

  /** A public call begins. */
  enter(op: string): void {
    if (this.depth++ !== 0) return;
    this.remaining = SITE_CALLS.has(op) ? this.armed : 0;
    this.armed = 0;
    this.fired = false;
  }

  /** A public call ends (returned or threw). */
  leave(): void {
    if (--this.depth === 0) this.remaining = 0;
  }

  /**
   * Wraps the named bound methods of `target` so that each marks the beginning and end of a call.
   * Only a system created with fault injection has them wrapped. `prefix` names a guest's calls (`guest.`).
   */
  wrap(target: object, names: readonly string[], prefix = ''): void {
    const methods = target as Record<string, unknown>;
    for (const name of names) {
      const method = methods[name];
      if (typeof method !== 'function') continue;
      const f = method as (...args: unknown[]) => unknown;
      methods[name] = (...args: unknown[]): unknown => {
        this.enter(prefix + name);
        try {
          return f(...args);
        } finally {
          this.leave();
        }
      };
    }
  }
}
