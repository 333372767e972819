// The shared interface of warpdrive-sva: what the model and the impl both implement, and nothing else.

export * from './errors.ts';
export * from './types.ts';
export * from './fault-queues.ts';
export * from './config.ts';
export * from './snapshot.ts';
export * from './observer.ts';
export type * from './process-ops.ts';
export type * from './system.ts';
export type * from './vms.ts';
export * from './format-argument.ts';
export * from './caller-values.ts';
export * from './call-limits.ts';
export * from './snapshot-options.ts';
export * from './system-methods.ts';
