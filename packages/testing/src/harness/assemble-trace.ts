import type { SpanRecord, Trace } from '@clearstone/core';

/**
 * A trace from its spans in start order. The root is the earliest span whose parent is not in
 * the trace; the trace takes the root's timing and status.
 */
export function assembleTrace(traceId: string, spans: SpanRecord[]): Trace {
  const root = spans[0]?.parentSpanId === undefined ? spans[0] : rootAmong(spans);
  const trace: Trace = { traceId, rootSpanId: root.spanId, spans, startTimeNs: root.startTimeNs, status: root.status };
  if (root.endTimeNs !== undefined) {
    trace.endTimeNs = root.endTimeNs;
    trace.durationNs = root.endTimeNs - root.startTimeNs;
  }
  return trace;
}

/** The first span whose parent is not among `spans` (the first span when every parent is). */
function rootAmong(spans: SpanRecord[]): SpanRecord {
  const ids = new Set<string>();
  for (const span of spans) ids.add(span.spanId);
  return spans.find((span) => span.parentSpanId === undefined || !ids.has(span.parentSpanId)) ?? spans[0];
}
