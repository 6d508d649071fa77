import type { SpanRecord } from '@clearstone/core';

/**
 * The spans of a trace in waterfall order — each span followed by its subtree, siblings by start
 * time — with their depth. Spans whose parent is not stored start their own subtree at depth 0.
 */
export function orderSpanTree(spans: readonly SpanRecord[]): Array<{ span: SpanRecord; depth: number }> {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string, SpanRecord[]>();
  const roots: SpanRecord[] = [];
  for (const span of spans) {
    if (span.parentSpanId === undefined || !ids.has(span.parentSpanId) || span.parentSpanId === span.spanId) {
      roots.push(span);
      continue;
    }
    const siblings = children.get(span.parentSpanId) ?? [];
    siblings.push(span);
    children.set(span.parentSpanId, siblings);
  }
  const ordered: Array<{ span: SpanRecord; depth: number }> = [];
  const visited = new Set<string>();
  const stack = [...roots].reverse().map((span) => ({ span, depth: 0 }));
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (visited.has(entry.span.spanId)) continue;
    visited.add(entry.span.spanId);
    ordered.push(entry);
    const below = children.get(entry.span.spanId) ?? [];
    for (let index = below.length - 1; index >= 0; index--) stack.push({ span: below[index], depth: entry.depth + 1 });
  }
  // Spans caught in a parent cycle are unreachable from any root; list them rather than lose them.
  for (const span of spans) if (!visited.has(span.spanId)) ordered.push({ span, depth: 0 });
  return ordered;
}
