// Printing a counterexample for a person: the shrunk sequence as resolved lines, the first
// difference (or the broken invariant), fast-check's seed/path/replayPath, and how to replay it.

import { testFileOf, type Counterexample } from './file.ts';

/** The multi-line report of `cx`; `file` (where it was written) adds the replay command. @public */
export function formatCounterexample(cx: Counterexample, file?: string): string {
  const lines: string[] = [];
  lines.push(
    `Counterexample: ${cx.commands.length} command${cx.commands.length === 1 ? '' : 's'} on ${cx.preset ?? 'a custom config'} (recorded on ${cx.implementation}, against the model)`,
  );
  lines.push(...cx.log);
  lines.push(`First failure (${cx.failure.kind} at step ${cx.failure.step}): ${cx.failure.detail}`);
  const replayPath = cx.replayPath === undefined ? '' : `, replayPath: ${JSON.stringify(cx.replayPath)}`;
  lines.push(`fast-check: seed ${cx.seed}, path ${JSON.stringify(cx.path)}${replayPath}`);
  if (file !== undefined) {
    lines.push(`Written to ${file} (its vitest test: ${testFileOf(file)}); reproduce with: npm run replay -- ${file}`);
  }
  return lines.join('\n');
}
