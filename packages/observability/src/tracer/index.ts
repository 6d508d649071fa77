export { Tracer } from './tracer';
export { RecordingSpan } from './recording-span';
export type { SpanOwner } from './recording-span';
export type { Span, SpanContext, SpanLinkInput, SpanOptions, StartSpanOptions } from './span-types';
