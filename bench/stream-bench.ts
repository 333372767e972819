// impl vs model on one command stream (SPEC §10): both run the same stream side by side in this
// process, each timed call on a fresh system prepared by the stream's setup. Before timing, one
// untimed run on each checks that the stream is error-free and that both produce the same digest.

import type { SvaSystem, SystemFactory } from '../interface/index.ts';
import { measureSideBySide, roundRatio, type RoundOptions, type TaskTiming, type TimedTask } from './harness.ts';
import { compileStream, runStream, type StreamOutcome } from './stream-ops.ts';
import type { BenchStream, StreamName } from './streams.ts';

/** What comparing impl and model on a stream measured. */
export interface StreamComparison {
  readonly stream: StreamName;
  readonly description: string;
  /** Timed commands per run. */
  readonly commands: number;
  readonly model: TaskTiming;
  readonly impl: TaskTiming;
  /** Median over rounds of model time / impl time. */
  readonly implVsModel: number;
  /** The impl's commands per second (median). */
  readonly implCommandsPerSecond: number;
  /** The model's commands per second (median). */
  readonly modelCommandsPerSecond: number;
}

function checkedRun(system: SvaSystem, stream: BenchStream): StreamOutcome {
  const setup = runStream(system, stream.setup);
  if (setup.errors > 0) throw new Error(`${stream.name}: ${setup.errors} setup commands failed`);
  return runStream(system, stream.body);
}

/** A timed task running `stream`'s body on fresh systems made by `factory`, verified against `digest`. */
function streamTask(name: string, factory: SystemFactory, stream: BenchStream, digest: number): TimedTask {
  const setup = compileStream(stream.setup);
  const body = compileStream(stream.body);
  let system: SvaSystem | undefined;
  let outcome: StreamOutcome | undefined;
  return {
    name,
    prepare: () => {
      system = factory(stream.config);
      runStream(system, setup);
    },
    run: () => {
      outcome = runStream(system as SvaSystem, body);
    },
    verify: () => {
      if (outcome?.digest !== digest || outcome.errors !== 0)
        throw new Error(`${name}: the run differs from the checked one`);
    },
  };
}

/**
 * Runs `stream` once on each (untimed) to check it is error-free and that both agree, then times
 * both side by side. Throws if the stream errs or the digests differ.
 */
export async function compareOnStream(
  stream: BenchStream,
  model: SystemFactory,
  impl: SystemFactory,
  options: RoundOptions = {},
): Promise<StreamComparison> {
  const modelOutcome = checkedRun(model(stream.config), stream);
  const implOutcome = checkedRun(impl(stream.config), stream);
  if (modelOutcome.errors > 0) throw new Error(`${stream.name}: ${modelOutcome.errors} commands failed on the model`);
  if (modelOutcome.digest !== implOutcome.digest || implOutcome.errors !== modelOutcome.errors) {
    throw new Error(`${stream.name}: impl and model disagree (digest ${implOutcome.digest} vs ${modelOutcome.digest})`);
  }
  const [modelTiming, implTiming] = await measureSideBySide(
    [
      streamTask(`${stream.name} model`, model, stream, modelOutcome.digest),
      streamTask(`${stream.name} impl`, impl, stream, modelOutcome.digest),
    ],
    options,
  );
  const commands = stream.body.length;
  return {
    stream: stream.name,
    description: stream.description,
    commands,
    model: modelTiming,
    impl: implTiming,
    implVsModel: roundRatio(modelTiming, implTiming),
    implCommandsPerSecond: (commands * 1000) / implTiming.medianMs,
    modelCommandsPerSecond: (commands * 1000) / modelTiming.medianMs,
  };
}
