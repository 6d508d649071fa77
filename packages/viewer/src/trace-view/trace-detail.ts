import type { SpanStatusCode, Trace } from '@clearstone/core';
import { orderSpanTree } from './span-tree';
import { spanView } from './span-view';
import type { SpanView } from './span-view';
import { traceTotals } from './trace-totals';
import type { TraceTotals } from './trace-totals';

/** A trace as the viewer's API returns it: its summary and its spans in waterfall order. */
export interface TraceDetail {
  traceId: string;
  rootSpanId: string;
  name: string;
  status: SpanStatusCode;
  startTimeNs: bigint;
  endTimeNs?: bigint;
  /** From the earliest start to the latest end of any span, in ms. */
  durationMs: number;
  spanCount: number;
  totals: TraceTotals;
  spans: SpanView[];
}

/** The API view of a stored trace. */
export function traceDetail(trace: Trace): TraceDetail {
  const startNs = trace.spans.reduce((earliest, span) => (span.startTimeNs < earliest ? span.startTimeNs : earliest), trace.startTimeNs);
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
  return detail;
}
