import { createTraceState } from '@opentelemetry/api';
import type { SpanContext } from '../tracer/span-types';

/** Header (and carrier key) of the W3C trace parent. */
export const TRACEPARENT_HEADER = 'traceparent';
/** Header (and carrier key) of the W3C vendor trace state. */
export const TRACESTATE_HEADER = 'tracestate';

const TRACEPARENT = /^\s*([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?\s*$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/**
 * The remote span context of a `traceparent` value (W3C Trace Context level 1), with `tracestate`
 * attached when given; undefined when the value is malformed: version `ff`, all-zero ids, or
 * extra fields on version `00`.
 */
export function parseTraceparent(traceparent: string | undefined, tracestate?: string): SpanContext | undefined {
  if (typeof traceparent !== 'string') return undefined;
  const match = TRACEPARENT.exec(traceparent);
  if (match === null) return undefined;
  const [, version, traceId, spanId, flags, extra] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  if (version === 'ff' || (version === '00' && extra !== undefined)) return undefined;
  if (traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return undefined;
  const context: SpanContext = { traceId, spanId, traceFlags: Number.parseInt(flags, 16), isRemote: true };
  if (typeof tracestate === 'string' && tracestate.trim() !== '') context.traceState = createTraceState(tracestate);
  return context;
}

/** The `traceparent` value of a span context (version 00; sampled unless its flags say otherwise). */
export function formatTraceparent(context: SpanContext): string {
  const flags = (context.traceFlags ?? 1) & 0xff;
  return `00-${context.traceId}-${context.spanId}-${flags.toString(16).padStart(2, '0')}`;
}
