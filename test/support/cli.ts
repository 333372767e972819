// Running a CLI as a user does (`node --import tsx SCRIPT ARGS`), asynchronously so that a test
// file can run several at once; and waiting for a line, for the Ctrl-C scenario.

import { spawn, type ChildProcess } from 'node:child_process';

/** What a finished CLI run printed and its exit status (`signal` when it was killed). */
export interface CliRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `script` with `args`; `onStderr` sees the child and its stderr as it arrives. */
export function runTsx(
  script: string,
  args: readonly string[],
  onStderr?: (child: ChildProcess, soFar: string) => void,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(child, stderr);
    });
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}
