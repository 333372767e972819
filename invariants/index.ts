// Invariants of SPEC §7: S1-S7 over the abstract state (model, or impl via its snapshot), I1-I3
// over the impl's internals.

export * from './violation.ts';
export * from './spec/index.ts';
export * from './impl/index.ts';
