import type { SpanRecord, Trace } from '@clearstone/core';

/**
 * A trace from its spans (in start order). The root is the earliest span whose parent is not in
 * the trace — the local root even when the trace continues a remote one. The trace takes the
 * root's timing and status.
 */
export function assembleTrace(traceId: string, spans: SpanRecord[]): Trace | undefined {
  if (spans.length === 0) return undefined;
  const ids = new Set(spans.map((span) => span.spanId));
  const root = spans.find((span) => span.parentSpanId === undefined || !ids.has(span.parentSpanId)) ?? spans[0];
  const trace: Trace = { traceId, rootSpanId: root.spanId, spans, startTimeNs: root.startTimeNs, status: root.status };
  if (root.endTimeNs !== undefined) {
    trace.endTimeNs = root.endTimeNs;
    trace.durationNs = root.endTimeNs - root.startTimeNs;
  }
  return trace;
}
