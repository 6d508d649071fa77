export { extract, inject, withRemoteParent } from './inject-extract';
export { TraceContextPropagator } from './trace-context-propagator';
export { TRACEPARENT_HEADER, TRACESTATE_HEADER, formatTraceparent, parseTraceparent } from './traceparent';
export type { Carrier } from './carrier';
