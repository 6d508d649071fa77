export { PolicyTestHarness } from './policy-test-harness';
export type { TraceSource } from './policy-test-harness';
export type { IterateTracesOptions, LoadTracesOptions, TimeInput, TraceFilter } from './load-options';
