// A third party's system for the CLI tests (issue 11 "Replay for anyone"): the library's impl behind
// a wrapper with one slip — `mprotect` to read-only is silently ignored — exported as a
// `SystemFactory` the way a user would (`createSystem`, also the default export).

import { createSystem as createImpl, type SvaConfig, type SvaSystem } from 'warpdrive-sva';

/** The wrapped system: every call forwarded, except that `mprotect(…, 'r')` does nothing. */
export function createSystem(config?: SvaConfig): SvaSystem {
  const inner = createImpl(config);
  return new Proxy(inner, {
    get(target, key, receiver): unknown {
      const v: unknown = Reflect.get(target, key, receiver);
      if (key === 'mprotect') {
        return (pid: number, addr: number, length: number, prot: string): void => {
          if (prot === 'r') return;
          target.mprotect(pid, addr, length, prot as 'r');
        };
      }
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

export default createSystem;
