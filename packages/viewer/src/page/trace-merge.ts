import type { SpanData, TraceData } from './api-types';

/** An answer of `GET /api/traces/:id?since=<tag>` that holds only what changed since that version. */
export type TraceAnswer = TraceData & { delta?: { since: string; removed: string[] } };

function byStart(left: SpanData, right: SpanData): number {
  // Epoch-ns decimal strings of the same era: a longer string is a later time.
  if (left.startTimeNs.length !== right.startTimeNs.length) return left.startTimeNs.length - right.startTimeNs.length;
  return left.startTimeNs < right.startTimeNs ? -1 : left.startTimeNs > right.startTimeNs ? 1 : 0;
}

/**
 * Spans in waterfall order — each span followed by its subtree, siblings by start time (ties kept
 * in their given order) — as the server orders them. Spans whose parent is missing start a tree.
 */
export function waterfallOrder(spans: readonly SpanData[]): SpanData[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string, SpanData[]>();
  const roots: SpanData[] = [];
  for (const span of spans) {
    if (span.parentSpanId === undefined || !ids.has(span.parentSpanId) || span.parentSpanId === span.spanId) {
      roots.push(span);
      continue;
    }
    const siblings = children.get(span.parentSpanId) ?? [];
    siblings.push(span);
    children.set(span.parentSpanId, siblings);
  }
  const ordered: SpanData[] = [];
  const visited = new Set<string>();
  const stack = [...roots].sort(byStart).reverse();
  while (stack.length > 0) {
    const span = stack.pop()!;
    if (visited.has(span.spanId)) continue;
    visited.add(span.spanId);
    ordered.push(span);
    const below = [...(children.get(span.spanId) ?? [])].sort(byStart);
    for (let index = below.length - 1; index >= 0; index--) stack.push(below[index]);
  }
  for (const span of spans) if (!visited.has(span.spanId)) ordered.push(span);
  return ordered;
}

/**
 * The trace after an answer: the answer itself when it is whole, else `previous` with the
 * answer's new and changed spans put in, its removed spans taken out, and its header and totals.
 */
export function mergeTraceAnswer(previous: TraceData | undefined, answer: TraceAnswer): TraceData {
  const { delta, ...trace } = answer;
  if (delta === undefined || previous === undefined) return trace;
  const spans = new Map(previous.spans.map((span) => [span.spanId, span]));
  for (const spanId of delta.removed) spans.delete(spanId);
  for (const span of trace.spans) spans.set(span.spanId, span);
  return { ...trace, spans: waterfallOrder([...spans.values()]) };
}
