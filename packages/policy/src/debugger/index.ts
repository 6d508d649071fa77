export { PolicyDebugger } from './policy-debugger';
export { formatTrace } from './format-trace';
export type { TraceEntry, TraceResult } from './types';
