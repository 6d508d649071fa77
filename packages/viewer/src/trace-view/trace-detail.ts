import type { SpanStatusCode, Trace } from '@clearstone/core';
import { plumbingSpans } from './plumbing';
import { orderSpanTree } from './span-tree';
import { spanView } from './span-view';
import type { SpanView } from './span-view';
import { traceTotals } from './trace-totals';
import type { TraceTotals } from './trace-totals';

/** A trace as the viewer's API returns it: its summary and its spans in waterfall order. */
export interface TraceDetail {
  /** Id of the trace. */
  traceId: string;
  /** The root span. */
  rootSpanId: string;
  /** Name of the root span. */
  name: string;
  /** Status of the root span. */
  status: SpanStatusCode;
  /** Start of the root span, epoch ns. */
  startTimeNs: bigint;
  /** End of the root span, epoch ns; absent while it is in flight. */
  endTimeNs?: bigint;
  /** From the earliest start to the latest end of any span, in ms. */
  durationMs: number;
  /** Number of spans. */
  spanCount: number;
  /** Tokens, cost and decision counts of the trace. */
  totals: TraceTotals;
  /**
   * The spans in waterfall order: each span followed by its subtree, siblings by start time, with
   * framework plumbing marked (`plumbing`).
   */
  spans: SpanView[];
}

/** The API view of a stored trace. */
export function traceDetail(trace: Trace): TraceDetail {
  const startNs = trace.spans.reduce(
    (earliest, span) => (span.startTimeNs < earliest ? span.startTimeNs : earliest),
    trace.startTimeNs,
  );
  const endNs = trace.spans.reduce((latest, span) => {
    const end = span.endTimeNs ?? span.startTimeNs;
    return end > latest ? end : latest;
  }, trace.endTimeNs ?? startNs);
  const root = trace.spans.find((span) => span.spanId === trace.rootSpanId);
  const detail: TraceDetail = {
    traceId: trace.traceId,
    rootSpanId: trace.rootSpanId,
    name: root?.name ?? '',
    status: trace.status,
    startTimeNs: trace.startTimeNs,
    durationMs: Number(endNs - startNs) / 1_000_000,
    spanCount: trace.spans.length,
    totals: traceTotals(trace.spans),
    spans: orderSpanTree(trace.spans).map(({ span, depth }) => spanView(span, startNs, depth)),
  };
  if (trace.endTimeNs !== undefined) detail.endTimeNs = trace.endTimeNs;
  const plumbing = plumbingSpans(detail.spans);
  for (const span of detail.spans) span.plumbing = plumbing.has(span.spanId);
  return detail;
}
