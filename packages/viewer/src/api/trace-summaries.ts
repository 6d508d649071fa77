import type { SpanStatusCode, TraceSummary } from '@clearstone/core';
import type { TraceStore } from '@clearstone/observability';
import { traceTotals } from '../trace-view';
import type { TraceTotals } from '../trace-view';

/**
 * One line of `GET /api/traces`. `blocked` and `paused` are the trace store's flags
 * (`TraceSummary.blocked` / `.paused`) when it keeps them, else what the trace's spans record.
 */
export interface TraceListItem extends TraceTotals {
  /** Id of the trace. */
  traceId: string;
  /** The root span. */
  rootSpanId: string;
  /** Root span name. */
  name: string;
  /** ERROR when any span failed, else the root's status. */
  status: SpanStatusCode;
  /** Start of the root span, epoch ns. */
  startTimeNs: bigint;
  /** End of the root span, epoch ns; absent while it is in flight. */
  endTimeNs?: bigint;
  /** Duration of the root span in ms; absent while it is in flight. */
  durationMs?: number;
  /** Number of spans. */
  spanCount: number;
}

const CACHE_LIMIT = 2000;

/**
 * Adds tokens, cost and decision counts to trace summaries. Totals are kept per trace and
 * recomputed only when its span count changes, so polling a listing reads each finished trace once.
 */
export class TraceSummaries {
  private readonly cache = new Map<string, { spanCount: number; totals: TraceTotals }>();

  constructor(private readonly store: TraceStore) {}

  /** The listing lines of `summaries`. */
  describe(summaries: readonly TraceSummary[]): TraceListItem[] {
    return summaries.map((summary) => {
      const item: TraceListItem = {
        traceId: summary.traceId,
        rootSpanId: summary.rootSpanId,
        name: summary.name,
        status: summary.status,
        startTimeNs: summary.startTimeNs,
        spanCount: summary.spanCount,
        ...this.totals(summary),
      };
      if (summary.blocked !== undefined) item.blocked = summary.blocked;
      if (summary.paused !== undefined) item.paused = summary.paused;
      if (summary.endTimeNs !== undefined) item.endTimeNs = summary.endTimeNs;
      if (summary.durationNs !== undefined) item.durationMs = Number(summary.durationNs) / 1_000_000;
      return item;
    });
  }

  private totals(summary: TraceSummary): TraceTotals {
    const cached = this.cache.get(summary.traceId);
    if (cached !== undefined && cached.spanCount === summary.spanCount) return cached.totals;
    const spans = this.store.getTrace(summary.traceId)?.spans ?? [];
    const totals = traceTotals(spans);
    this.cache.delete(summary.traceId);
    this.cache.set(summary.traceId, { spanCount: summary.spanCount, totals });
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    return totals;
  }
}
