import type { SpanRecord } from '@clearstone/core';

/** Which spans a checkpoint stores. */
export type CheckpointSpanSelection = 'upstream' | 'all';

function byStart(left: SpanRecord, right: SpanRecord): number {
  return left.startTimeNs < right.startTimeNs ? -1 : left.startTimeNs > right.startTimeNs ? 1 : 0;
}

/** Ids of the span and everything below it. */
export function subtreeIds(spans: readonly SpanRecord[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const span of spans) {
      if (span.parentSpanId !== undefined && ids.has(span.parentSpanId) && !ids.has(span.spanId)) {
        ids.add(span.spanId);
        grew = true;
      }
    }
  }
  return ids;
}

/** The chain of ancestors of a span, root first, stopping where a parent is not in the trace. */
export function ancestorsOf(spans: readonly SpanRecord[], span: SpanRecord): SpanRecord[] {
  const byId = new Map(spans.map((item) => [item.spanId, item]));
  const chain: SpanRecord[] = [];
  const seen = new Set([span.spanId]);
  let parentId = span.parentSpanId;
  while (parentId !== undefined && !seen.has(parentId)) {
    const parent = byId.get(parentId);
    if (parent === undefined) break;
    chain.unshift(parent);
    seen.add(parentId);
    parentId = parent.parentSpanId;
  }
  return chain;
}

/**
 * The spans a checkpoint keeps, in start order. `'upstream'`: the ancestors of the checkpoint span,
 * every span that started before it (earlier siblings at every level, with their recorded outputs),
 * the span itself and its whole subtree. `'all'`: the whole trace.
 */
export function selectCheckpointSpans(
  spans: readonly SpanRecord[],
  span: SpanRecord,
  selection: CheckpointSpanSelection,
): SpanRecord[] {
  if (selection === 'all') return [...spans].sort(byStart);
  const ancestorIds = new Set(ancestorsOf(spans, span).map((item) => item.spanId));
  const subtree = subtreeIds(spans, span.spanId);
  return spans
    .filter((item) => ancestorIds.has(item.spanId) || subtree.has(item.spanId) || item.startTimeNs < span.startTimeNs)
    .sort(byStart);
}
