// The harness every pasted counterexample test calls (issue 11): the test's calls run first on the
// model, which records the abstract state at each checkpoint, then on the system under test with
// its DMA audit on; at each checkpoint the campaign's checks of the system must hold (I1-I3 where
// it has the inspection hook, U1-U4/S7 and the VM invariants on its abstract state) and its state
// must equal the model's (page bytes included, frames renamed). A pasted test keeps only what is
// its own — the config and the calls with their expected results — and calls this.

import { resolveConfig, type SvaConfig, type SvaSystem, type SystemFactory } from '../../interface/index.ts';
import { formatViolation } from '../../invariants/index.ts';
import { createModel } from '../../model/index.ts';
import { firstDifference } from '../runner/difference.ts';
import { implFaultQueueViolations, usesFaultQueues } from '../runner/fault-queue-checks.ts';
import { implViolations, startDmaAudit } from '../runner/invariant-checks.ts';
import { normalizeSnapshot, type NormalizedSnapshot } from '../runner/normalize.ts';
import { formatValue } from '../runner/outcome.ts';

/** A pasted test's calls; `sameAsModel` is called where the campaign compared states. @public */
export type PastedRun = (sys: SvaSystem, sameAsModel: (sys: SvaSystem) => void) => void;

/** What `checkAgainstModel` throws at the first checkpoint where the system differs from the model. @public */
export class ModelMismatchError extends Error {
  constructor(
    message: string,
    /** The checkpoint (0-based, in call order) that failed. */
    readonly checkpoint: number,
  ) {
    super(message);
    this.name = 'ModelMismatchError';
  }
}

/** Options of `checkAgainstModel`. @public */
export interface CheckAgainstModelOptions {
  /** Also check K, the no-IOMMU isolation check (R20), as the `noiommu` preset's campaign did. */
  readonly noiommuIsolation?: boolean;
}

/**
 * Runs `run` on the model for `config`, then on `factory(config)`, and throws a
 * `ModelMismatchError` at the first checkpoint where an I1-I3 invariant (and K, when asked) fails on
 * the system or its abstract state differs from the model's. The per-call assertions are `run`'s own.
 * @public
 */
export function checkAgainstModel(
  config: SvaConfig,
  run: PastedRun,
  factory: SystemFactory,
  options: CheckAgainstModelOptions = {},
): void {
  const expected: NormalizedSnapshot[] = [];
  run(createModel(config), (model) => {
    expected.push(normalizeSnapshot(model.snapshot({ contents: true })));
  });
  const sys = factory(config);
  // As in the campaign: the DMA audit on (I2), and I1-I3 checked where the system has the inspection hook.
  startDmaAudit(sys);
  let at = 0;
  run(sys, (s) => {
    const checkpoint = at++;
    // What the campaign checks on the system at a checkpoint: I1-I3 (and K) on its internals, and on
    // its abstract state U1-U4 and S7 while fault queues exist — with VMs every S invariant on the
    // host and in each guest, and I4 on the nested caches. A pasted test that checked less would pass
    // on the bug it was found on.
    const snap = s.snapshot({ contents: true });
    const broken = [
      ...implViolations(s, options),
      ...(usesFaultQueues(snap) ? implFaultQueueViolations(s, resolveConfig(config), snap) : []),
    ];
    if (broken.length > 0) {
      throw new ModelMismatchError(`checkpoint ${checkpoint}: ${broken.map(formatViolation).join('; ')}`, checkpoint);
    }
    const d = firstDifference(expected[checkpoint], normalizeSnapshot(snap));
    if (d !== undefined) {
      const where = d.path === '' ? '(root)' : d.path;
      throw new ModelMismatchError(
        `checkpoint ${checkpoint}: at ${where} the model has ${formatValue(d.left)}, the system has ${formatValue(d.right)}`,
        checkpoint,
      );
    }
  });
}
