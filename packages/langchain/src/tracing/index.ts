export { TracingCallbackHandler } from './tracing-callback-handler';
export type { TracerSource, TracingCallbackHandlerOptions } from './tracing-callback-handler';
export { recordDecisionSpan } from './decision-tracer';
export type { DecisionTracer } from './decision-tracer';
