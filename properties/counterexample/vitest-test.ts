// A counterexample as a vitest test you paste (issue 11): the traced calls as plain `SvaSystem`
// calls — `createSystem(config)` then each call, asserting the model's result or errno — and the
// end checks as a comparison of `snapshot()` with the model's after the same calls, at the point
// the campaign compared them. It fails on the system the counterexample was found on and passes on
// a correct one. The file exports `check(factory)` so one test can run it against several systems.

import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { NAMED_CONFIGS } from '../campaign/mix.ts';
import type { Counterexample } from './file.ts';
import { traceCounterexample, type TracedCall } from './trace.ts';

/** Where the system under test of a generated test comes from. */
export interface TestTarget {
  /** The module specifier to import the factory from (default `'warpdrive-sva'`). */
  readonly from: string;
  /** The export to import (default `createSystem`). */
  readonly name: string;
}

/**
 * The system a pasted test for a counterexample recorded on `implementation` runs, when it is
 * written to `testFile`: the third party's own module for `module:PATH#EXPORT` (so the test fails
 * there until the bug is fixed), else the library's `createSystem` (a regression must pass on it).
 */
export function testTargetFor(implementation: string, testFile: string): TestTarget {
  const m = /^module:(.*)#([A-Za-z_$][\w$]*)$/.exec(implementation);
  if (m === null) return { from: 'warpdrive-sva', name: 'createSystem' };
  const target = resolve(m[1]);
  let from = relative(dirname(resolve(testFile)), target)
    .split('\\')
    .join('/');
  if (!from.startsWith('.') && !isAbsolute(from)) from = `./${from}`;
  return { from, name: m[2] };
}

const WIDTH = 110;
const TYPES = 'type SvaConfig, type SvaSystem, type SystemFactory';

/** A one-line literal that fits the line width at `indent`. */
function fits(flat: string, indent: string): boolean {
  return flat.length + indent.length <= WIDTH && !flat.includes('\n');
}

/** A JavaScript literal for a recorded value (plain data: numbers, strings, byte arrays, arrays, records). */
export function literal(v: unknown, indent = ''): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof v === 'boolean' || typeof v === 'bigint') return typeof v === 'bigint' ? `${v}n` : String(v);
  if (v instanceof Uint8Array) return bytesLiteral(v, indent);
  if (Array.isArray(v)) {
    const items = v.map((x) => literal(x, `${indent}  `));
    const flat = `[${items.join(', ')}]`;
    return fits(flat, indent) ? flat : `[\n${items.map((i) => `${indent}  ${i},`).join('\n')}\n${indent}]`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    const key = (k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : literal(k));
    const items = entries.map(([k, x]) => `${key(k)}: ${literal(x, `${indent}  `)}`);
    const flat = `{ ${items.join(', ')} }`;
    if (items.length === 0) return '{}';
    return fits(flat, indent) ? flat : `{\n${items.map((i) => `${indent}  ${i},`).join('\n')}\n${indent}}`;
  }
  return 'undefined';
}

/** `new Uint8Array([...])`, wrapped to the line width. */
function bytesLiteral(b: Uint8Array, indent: string): string {
  const flat = `new Uint8Array([${Array.from(b).join(', ')}])`;
  if (flat.length + indent.length <= WIDTH) return flat;
  const rows: string[] = [];
  for (let i = 0; i < b.length; i += 24) rows.push(`${indent}  ${Array.from(b.subarray(i, i + 24)).join(', ')},`);
  return `new Uint8Array([\n${rows.join('\n')}\n${indent}])`;
}

/** An argument: addresses and lengths (integers ≥ 256) in hex, as the run log shows them. */
function argLiteral(a: unknown): string {
  return typeof a === 'number' && Number.isSafeInteger(a) && a >= 256 ? `0x${a.toString(16)}` : literal(a, '    ');
}

/** One call with its assertion, as a statement. */
function statement(c: TracedCall): string {
  const args = c.args.map(argLiteral).join(', ');
  // a guest's call goes through its kernel object (SPEC §13): `sys.guest(1).write(...)`
  const self = c.vm === undefined ? 'sys' : `sys.guest(${c.vm})`;
  const call = `${self}.${c.op}(${args})`;
  if (c.outcome.kind === 'errno') {
    // A refused call may pass what its type forbids (a bad code, a wrong-typed id): call it untyped,
    // so the pasted test type-checks whatever the counterexample passed.
    const fn = `${self}.${c.op} as unknown as (...args: unknown[]) => unknown`;
    const untyped = `(${fn}).call(${self}${args === '' ? '' : `, ${args}`})`;
    return `  expect(() => ${untyped}).toThrow(expect.objectContaining({ code: '${c.outcome.code}' }));`;
  }
  const v = c.outcome.value;
  if (v === undefined) return `  expect(${call}).toBeUndefined();`;
  if (typeof v === 'number' || typeof v === 'boolean') return `  expect(${call}).toBe(${literal(v)});`;
  return `  expect(${call}).toEqual(${literal(v, '  ')});`;
}

/** The import of a third party's factory as `createSystem`. */
function thirdPartyImport(name: string, from: string): string {
  if (name === 'default') return `import createSystem from '${from}';`;
  return `import { ${name === 'createSystem' ? name : `${name} as createSystem`} } from '${from}';`;
}

/** A safe one-line comment text. */
function commentText(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/\*\//g, '* /').slice(0, 400);
}

/**
 * The vitest test for `cx` (TypeScript source). `target` picks the system the test's own `it` runs
 * (default: the library's `createSystem`, on which a regression must pass).
 *
 * @public
 */
export function counterexampleTest(cx: Counterexample, target: Partial<TestTarget> = {}): string {
  const from = target.from ?? 'warpdrive-sva';
  const name = target.name ?? 'createSystem';
  const trace = traceCounterexample(cx);
  const body: string[] = [];
  for (const step of trace.steps) {
    body.push(`  // ${step.label === 'end' ? 'end of the sequence' : `command ${step.label}`}`);
    const calls = [...step.calls];
    if (step.checkpointFirst) body.push('  sameAsModel(sys);');
    for (const c of calls) body.push(statement(c));
    if (step.failing) body.push(`  sameAsModel(sys); // the campaign found the failure here`);
  }
  const title = `${cx.implementation}: ${cx.failure.kind} at step ${cx.failure.step}`;
  const importLine =
    from === 'warpdrive-sva'
      ? `import { ${name === 'createSystem' ? name : `${name} as createSystem`}, ${TYPES} } from 'warpdrive-sva';`
      : `import { ${TYPES} } from 'warpdrive-sva';\n${thirdPartyImport(name, from)}`;
  const preset = cx.preset === undefined ? '' : ` (preset ${cx.preset})`;
  // the `noiommu` preset's check K (R20) is part of what the campaign checked
  const kOn = cx.preset !== undefined && NAMED_CONFIGS[cx.preset]?.noiommuIsolation === true;
  const checkOptions = kOn ? ', { noiommuIsolation: true }' : '';
  return `// Generated by warpdrive-sva from a counterexample — do not edit by hand; regenerate with the tool.
// Recorded on: ${commentText(cx.implementation)}${preset}, fast-check seed ${cx.seed}.
// Failure: ${commentText(`${cx.failure.kind} at step ${cx.failure.step}: ${cx.failure.detail}`)}
// Each call asserts the model's result or errno; at each \`sameAsModel\`, \`checkAgainstModel\` checks I1-I3 and
// compares the abstract state (page bytes included, frames renamed) with the model's after the same calls.
// Fails on the buggy system, passes on a correct one.
import { expect, it } from 'vitest';
${importLine}
import { checkAgainstModel } from 'warpdrive-sva/properties';

/** The configuration the counterexample ran on. */
export const config: SvaConfig = ${literal(trace.config)};

/** The counterexample's calls; \`sameAsModel\` is called where the campaign compared states. */
export function run(sys: SvaSystem, sameAsModel: (sys: SvaSystem) => void): void {
${body.join('\n')}
}

/** Runs the calls on \`factory\`'s system, asserting the model's results and states (throws at a difference). */
export function check(factory: SystemFactory): void {
  checkAgainstModel(config, run, factory${checkOptions});
}

it(${literal(`replays ${title}`)}, () => {
  check((c) => createSystem(c));
});
`;
}
