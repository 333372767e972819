// The fast-check command: an immutable wrapper of one `CommandData`. Running it hands the data to
// the run's host (the runner), which resolves it against the live state, runs it on every system
// and checks everything; the readable resolved text lives in the host's run log, not here.

import type * as fc from 'fast-check';
import type { CommandData } from './data.ts';

/** What a command runs against: anything that can perform one command's data (the runner's run state). @public */
export interface CommandHost {
  step(data: CommandData): void;
}

/** One command of a fast-check `fc.commands` sequence. @public */
export class SvaCommand implements fc.Command<CommandHost, CommandHost> {
  /** The command's plain-JSON description (what a counterexample file stores). */
  readonly data: CommandData;

  constructor(data: CommandData) {
    this.data = Object.freeze(data);
  }

  /** Every command may run in every state: its references resolve modulo the live state. */
  check(): boolean {
    return true;
  }

  run(host: CommandHost): void {
    host.step(this.data);
  }

  /** The unresolved data (indices, arena pages); the run log has the resolved text. */
  toString(): string {
    const { cmd, ...rest } = this.data;
    const args = Object.keys(rest).length === 0 ? '' : JSON.stringify(rest);
    return `${cmd}${args}`;
  }
}

/** The commands' data of a sequence fast-check produced, keeping only the commands that ran. @public */
export function commandDataOf(commands: Iterable<unknown>): CommandData[] {
  const out: CommandData[] = [];
  for (const c of commands) {
    // fast-check wraps each command (`cmd`, `hasRan`); a command that never ran is not part of the failure.
    const wrapper = c as { cmd?: unknown; hasRan?: boolean };
    const inner = wrapper.cmd ?? c;
    if (wrapper.hasRan === false) continue;
    if (inner instanceof SvaCommand) out.push(inner.data);
  }
  return out;
}
