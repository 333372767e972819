// A counterexample as a mermaid sequence diagram (issue 11, the HTML report): one lane per process,
// the IOMMU (with the kernel's memory management), each device, and a `host` lane for the calls no
// process makes (deviceStep, handleFaults, quiesce, removal). Arrows are the calls and their
// answers, plus what the model's state shows happened in a call: page requests raised (device →
// IOMMU), answered (IOMMU → device) and DMA progress (device → the queue's process). The step where
// the failure was found is shaded and carries a note with the first difference.

import type { SystemSnapshot } from '../../interface/index.ts';
import type { Trace, TracedCall } from '../counterexample/trace.ts';
import type { FailureRecord } from '../runner/failure.ts';

/** Ops a process makes on its own mm (they go to the IOMMU/kernel lane). */
const MM_OPS = new Set([
  'mmap',
  'munmap',
  'mprotect',
  'read',
  'write',
  'fork',
  'reclaim',
  'migrate',
  'exit',
  'pasidOf',
]);
/** Ops a process makes on a queue fd (they go to the fd's device lane). */
const FD_OPS = new Set([
  'startQueue',
  'stopQueue',
  'mapRegion',
  'unmapRegion',
  'close',
  'send',
  'recv',
  'poll',
  'queueInfo',
]);
/** Host ops addressed to a device. */
const DEVICE_OPS = new Set(['removeDevice', 'deviceStep', 'readEvents', 'deviceInfo']);

const MAX_TEXT = 90;

/** Text that mermaid prints as is: no statement separators, entity starts or markup. */
export function mermaidText(s: string, max = MAX_TEXT): string {
  const safe: Record<string, string> = { '<': '‹', '>': '›', '{': '(', '}': ')' };
  const flat = s
    .replace(/\s+/g, ' ')
    .replace(/;/g, ',')
    .replace(/#/g, 'no. ')
    .replace(/[<>{}]/g, (c) => safe[c] ?? c);
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function argText(a: unknown): string {
  if (typeof a === 'number') return Number.isSafeInteger(a) && a >= 256 ? `0x${a.toString(16)}` : String(a);
  if (typeof a === 'string') return a;
  if (a instanceof Uint8Array) return `${a.length} bytes`;
  if (Array.isArray(a)) return `${a.length} descriptor${a.length === 1 ? '' : 's'}`;
  return JSON.stringify(a) ?? String(a);
}

function resultText(c: TracedCall): string {
  if (c.outcome.kind === 'errno') return `✗ ${c.outcome.code}`;
  const v = c.outcome.value;
  if (v === undefined) return 'ok';
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (Array.isArray(v)) return `${v.length} item${v.length === 1 ? '' : 's'}`;
  return typeof v === 'object' ? 'ok (record)' : String(v);
}

/** Lane ids: `P<pid>`, `IOMMU`, `D<index>`, `host`. */
class Lanes {
  readonly pids = new Set<number>();
  constructor(readonly devices: readonly string[]) {}
  device(name: unknown): string {
    const i = this.devices.indexOf(String(name));
    return i < 0 ? 'host' : `D${i}`;
  }
  process(pid: unknown): string {
    if (typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0) {
      this.pids.add(pid);
      return `P${pid}`;
    }
    return 'host';
  }
}

/** The device a process's fd is a queue of, from the state before the call. */
function fdDevice(before: SystemSnapshot, pid: unknown, fd: unknown): string | undefined {
  const proc = before.processes.find((p) => p.pid === pid);
  const queue = proc?.fds.find((f) => f.fd === fd)?.queue;
  return before.queues.find((q) => q.id === queue)?.device;
}

/** Arrows for what happened inside a call: page requests raised and answered, DMA progress. */
function sideEffects(c: TracedCall, lanes: Lanes): string[] {
  const out: string[] = [];
  const key = (g: { device: string; prg: number; pasid: number }): string => `${g.device}/${g.prg}/${g.pasid}`;
  const before = new Set(c.before.pageRequests.map(key));
  const after = new Set(c.after.pageRequests.map(key));
  for (const g of c.after.pageRequests) {
    if (before.has(key(g))) continue;
    const addrs = g.requests.map((r) => `${argText(r.addr)} ${r.access}`).join(', ');
    out.push(`  ${lanes.device(g.device)}->>IOMMU: page request PRG ${g.prg} PASID ${g.pasid}: ${mermaidText(addrs)}`);
  }
  for (const g of c.before.pageRequests) {
    if (after.has(key(g))) continue;
    out.push(`  IOMMU->>${lanes.device(g.device)}: page response PRG ${g.prg} PASID ${g.pasid}`);
  }
  for (const q of c.after.queues) {
    const old = c.before.queues.find((b) => b.id === q.id);
    if (old === undefined) continue;
    // Progress: more completions, or more bytes done on the pending descriptors.
    const bytes = (x: typeof q): number => x.pending.reduce((n, p) => n + p.done, 0);
    if (q.completions.length <= old.completions.length && bytes(q) <= bytes(old)) continue;
    const completed = q.completions.length - old.completions.length;
    const what =
      completed > 0
        ? `DMA, ${completed} descriptor${completed === 1 ? '' : 's'} completed`
        : 'DMA, descriptor in progress';
    out.push(`  ${lanes.device(q.device)}->>${lanes.process(q.mm)}: ${what} (queue ${q.id})`);
  }
  return out;
}

/** The arrows of one call: the call, its answer, and what happened inside it. */
function callArrows(c: TracedCall, lanes: Lanes): string[] {
  const args = c.args.map(argText);
  let from = 'host';
  let to = 'IOMMU';
  let text = `${c.op}(${args.join(', ')})`;
  if (MM_OPS.has(c.op)) {
    from = lanes.process(c.args[0]);
    text = `${c.op}(${args.slice(1).join(', ')})`;
  } else if (c.op === 'open') {
    from = lanes.process(c.args[0]);
    to = lanes.device(c.args[1]);
    text = 'open()';
  } else if (FD_OPS.has(c.op)) {
    from = lanes.process(c.args[0]);
    to = lanes.device(fdDevice(c.before, c.args[0], c.args[1]));
    text = `${c.op}(fd ${args.slice(1).join(', ')})`;
  } else if (DEVICE_OPS.has(c.op)) {
    to = lanes.device(c.args[0]);
    text = `${c.op}(${args.slice(1).join(', ')})`;
  }
  if (c.outcome.kind === 'value' && (c.op === 'spawn' || c.op === 'fork')) lanes.process(c.outcome.value);
  const answer = `  ${to}-->>${from}: ${mermaidText(resultText(c))}`;
  return [`  ${from}->>${to}: ${mermaidText(text)}`, ...sideEffects(c, lanes), answer];
}

/**
 * The mermaid source of the sequence diagram of `trace`, with `failure` marked at its step.
 *
 * @internal
 */
export function sequenceDiagram(trace: Trace, failure: FailureRecord): string {
  const lanes = new Lanes(trace.config.devices.map((d) => d.name));
  const body: string[] = [];
  for (const step of trace.steps) {
    const arrows = step.calls.flatMap((c) => callArrows(c, lanes));
    if (!step.failing) {
      body.push(...arrows);
      continue;
    }
    body.push('  rect rgba(255, 80, 80, 0.18)', ...arrows.map((a) => `  ${a}`));
    const last = `D${trace.config.devices.length - 1}`;
    const what = `FIRST DIFFERENCE (${failure.kind}, step ${failure.step}): ${mermaidText(failure.detail, 240)}`;
    body.push(`    Note over host,${last}: ${what}`);
    body.push('  end');
  }
  const head = ['sequenceDiagram', '  participant host as host (test driver)'];
  for (const pid of [...lanes.pids].sort((a, b) => a - b)) head.push(`  participant P${pid} as process ${pid}`);
  head.push('  participant IOMMU as IOMMU (and kernel mm)');
  trace.config.devices.forEach((d, i) => head.push(`  participant D${i} as device ${mermaidText(d.name)}`));
  return [...head, ...body].join('\n');
}
