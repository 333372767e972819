// campaignCommandsPerSecond (SPEC §10 "property runs: model-checked commands per second"): a short
// fixed-seed campaign of the impl against the model per preset, through the exported
// `checkConformance`, and the commands per second it reports.

import { createSystem } from '../impl/index.ts';
import { checkConformance } from '../properties/index.ts';

/** The fixed seed of the benchmark campaigns (so that runs are comparable). */
export const CAMPAIGN_SEED = 0x5eed;

/** What one campaign measured. */
export interface CampaignRate {
  readonly preset: string;
  readonly commandsPerSecond: number;
  readonly commands: number;
  readonly sequences: number;
  readonly seconds: number;
  /** Whether the campaign passed (a failure is a bug to report, and makes the rate suspect). */
  readonly ok: boolean;
  /** The counterexample, for a person, when the campaign failed (its file is in `counterexamples/`). */
  readonly report?: string;
}

/** Runs a `seconds`-long campaign of the impl against the model on `preset`. */
export function measureCampaign(preset: 'tiny' | 'default', seconds: number): CampaignRate {
  const result = checkConformance((config) => createSystem(config), {
    seed: CAMPAIGN_SEED,
    presets: [preset],
    timeLimitMs: seconds * 1000,
    implementationName: 'impl',
    counterexampleDir: 'counterexamples',
  });
  return {
    preset,
    commandsPerSecond: result.commandsPerSecond,
    commands: result.commands,
    sequences: result.runs,
    seconds: result.elapsedMs / 1000,
    ok: result.ok,
    ...(result.report === undefined ? {} : { report: result.report }),
  };
}
