export { SpanKind, SpanStatusCode } from './span-model';
export type { AttributeValue, Attributes, SpanEvent, SpanLink, SpanRecord, Trace, TraceSummary } from './span-model';
export { generateSpanId, generateTraceId, isValidSpanId, isValidTraceId } from './ids';
export { nowNs, toEpochNs } from './clock';
export { activeSpanLocation, setActiveSpanLocator } from './active-span-hook';
export type { ActiveSpanLocator, SpanLocation } from './active-span-hook';
