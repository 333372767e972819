// `npm start`: the verification campaign — the impl against the model on the preset mix for 60 s
// (flags: --time SECONDS, --runs N, --seed N, --preset tiny|default|crowded|mix, --max-commands N,
// --against impl|model, --json). Exit status 1 with the counterexample on failure.

import { numberFlag, parseArgs } from './args.ts';
import { formatCampaign, runCampaign } from '../campaign/campaign.ts';
import type { ImplementationName } from '../campaign/implementations.ts';

function main(): number {
  const args = parseArgs(process.argv.slice(2), ['time', 'runs', 'seed', 'preset', 'max-commands', 'against'], ['json']);
  const against = (args.flags.get('against') ?? 'impl') as string;
  if (against !== 'impl' && against !== 'model') throw new Error('--against must be impl or model');
  const json = args.flags.get('json') === true;
  const preset = args.flags.get('preset');
  const timeSeconds = numberFlag(args, 'time');
  const runs = numberFlag(args, 'runs');
  const seed = numberFlag(args, 'seed');
  const maxCommands = numberFlag(args, 'max-commands');
  const result = runCampaign({
    against: against as ImplementationName,
    progress: !json && process.stdout.isTTY === true,
    ...(typeof preset === 'string' ? { preset } : {}),
    ...(timeSeconds === undefined ? {} : { timeSeconds }),
    ...(runs === undefined ? {} : { runs }),
    ...(seed === undefined ? {} : { seed }),
    ...(maxCommands === undefined ? {} : { maxCommands }),
  });
  if (json) {
    const line = {
      ok: result.ok, runs: result.runs, commands: result.commands,
      commandsPerSecond: Math.round(result.commandsPerSecond), coverage: result.coverage,
      ...(result.counterexample === undefined ? {} : { counterexample: { ...result.counterexample, file: result.counterexampleFile } }),
    };
    console.log(JSON.stringify(line));
  } else {
    console.log(formatCampaign(result, against));
  }
  return result.ok ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 2;
}
