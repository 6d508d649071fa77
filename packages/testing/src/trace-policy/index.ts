export { evaluateTracePolicy, isStopping } from './evaluate-trace-policy';
export { callName, namePolicy, tracePolicyName } from './name-policy';
export type { SpanPolicy, TracePolicy } from './types';
