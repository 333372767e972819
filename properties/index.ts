// warpdrive-sva/properties: the property suite anyone can run against their own SvaSystem
// (`checkConformance`), and its parts — command arbitraries, the runner, counterexamples and
// replay, coverage. (The campaign itself, which loads the impl, is the CLI `npm start`; this entry
// never loads the impl, so that variants of it can be checked through here.)

export {
  checkConformance,
  type ConformanceOptions,
  type ConformanceProgress,
  type ConformanceResult,
  type PresetTotals,
} from './campaign/conformance.ts';
export {
  DEFAULT_MIX,
  NAMED_CONFIGS,
  crowdedConfig,
  legacyConfig,
  noiommuConfig,
  scarceConfig,
  namedConfig,
  type NamedConfig,
  type PresetChoice,
} from './campaign/mix.ts';

export type {
  AddrRef,
  CommandData,
  CommandName,
  DescriptorData,
  DescriptorSpec,
  DeviceRef,
  FdRef,
  MalformedKind,
  PidRef,
  ProtArg,
  RegionArg,
} from './commands/data.ts';
export {
  FAULT_QUEUE_COMMANDS,
  isFaultQueueCommand,
  type FaultQueueCommandData,
  type FaultQueueRef,
  type PolicyAction,
  type ResponseEntryData,
} from './commands/fault-queue-data.ts';
export { faultQueueCalls, resolveFaultQueue } from './commands/fault-queue-perform.ts';
export { FAULT_QUEUE_WEIGHTS } from './arbitraries/fault-queues.ts';
export { SvaCommand, commandDataOf, type CommandHost } from './commands/command.ts';
export { calls, describeDescriptor, hex, type Call, type OpName } from './commands/calls.ts';
export { perform, type Exec } from './commands/perform.ts';
export { COMMAND_WEIGHTS, commandData, commandSequences, type SequenceOptions } from './arbitraries/commands.ts';

export { RunState, quiesceBound, type RunOptions } from './runner/run-state.ts';
export { runCommands, replaySequence, type SequenceReport } from './runner/sequence.ts';
export { SequenceFailure, failureRecord, type FailureKind, type FailureRecord } from './runner/failure.ts';
export { firstDifference, type Difference } from './runner/difference.ts';
export { normalizeSnapshot, type NormalizedSnapshot } from './runner/normalize.ts';
export { invoke, formatOutcome, formatValue, type Outcome } from './runner/outcome.ts';
export { hasInspectionHook, implViolations, specViolations, startDmaAudit } from './runner/invariant-checks.ts';

export {
  COUNTEREXAMPLE_FORMAT,
  readCounterexample,
  writeCounterexample,
  type Counterexample,
} from './counterexample/file.ts';
export { formatCounterexample } from './counterexample/format.ts';
export { replayCounterexample, type ReplayOptions } from './counterexample/replay.ts';
export { counterexampleTest, type TestTarget } from './counterexample/vitest-test.ts';
export {
  checkAgainstModel,
  ModelMismatchError,
  type CheckAgainstModelOptions,
  type PastedRun,
} from './counterexample/check-against-model.ts';
export {
  traceCounterexample,
  type Trace,
  type TracedCall,
  type TracedOutcome,
  type TracedStep,
} from './counterexample/trace.ts';

export {
  COVERAGE_EVENTS,
  COVERAGE_LABELS,
  addCoverage,
  emptyCoverage,
  formatCoverage,
  type Coverage,
  type CoverageEvent,
} from './coverage/events.ts';
export { CoverageTracker } from './coverage/tracker.ts';
