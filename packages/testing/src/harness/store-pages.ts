import type { Trace } from '@clearstone/core';
import type { TraceStore } from '@clearstone/observability';
import type { ResolvedQuery } from './load-options';

/**
 * Traces through a TraceStore's public queries, page by page: for stores that have no file a
 * second connection could read (`:memory:`).
 */
export function* storePages(store: TraceStore, query: ResolvedQuery): Generator<Trace, void, undefined> {
  let offset = 0;
  let yielded = 0;
  if (query.limit === 0) return;
  for (;;) {
    const page = store.listTraces({ limit: query.batchSize, offset, since: query.sinceNs, until: query.untilNs });
    for (const summary of page) {
      const trace = store.getTrace(summary.traceId);
      if (trace === undefined || (query.accepts !== undefined && !query.accepts(trace))) continue;
      yield trace;
      if (++yielded >= query.limit) return;
    }
    if (page.length < query.batchSize) return;
    offset += page.length;
  }
}
