import type { SpanData } from './api-types';

/** What the tree shows: collapsed spans, whether plumbing is hidden, and plumbing spans shown anyway. */
export interface TreeState {
  /** Spans whose subtree is folded away. */
  collapsed: ReadonlySet<string>;
  /** Fold framework plumbing (spans the server marks `plumbing`). */
  hidePlumbing: boolean;
  /** Plumbing spans shown even while plumbing is hidden (a search hit, a linked span). */
  revealed: ReadonlySet<string>;
}

/** One shown row of the tree. */
export interface VisibleRow {
  /** Index of the span in the trace's span list. */
  index: number;
  /** Nesting among shown rows: a span under hidden plumbing moves up to its nearest shown ancestor. */
  depth: number;
  /** Shown children it has when expanded (0: no toggle). */
  children: number;
  /** Plumbing spans folded into it (hidden descendants whose nearest shown ancestor it is). */
  folded: number;
}

/** The parent of each span as an index into `spans` (-1 for roots and orphans). */
export function parentIndexes(spans: readonly SpanData[]): Int32Array {
  const indexById = new Map<string, number>();
  spans.forEach((span, index) => indexById.set(span.spanId, index));
  const parents = new Int32Array(spans.length);
  spans.forEach((span, index) => {
    const parent = span.parentSpanId === undefined ? undefined : indexById.get(span.parentSpanId);
    // Waterfall order puts a parent before its children; anything else (a cycle) is a root here.
    parents[index] = parent !== undefined && parent < index ? parent : -1;
  });
  return parents;
}

/**
 * The rows to show for `spans` (in waterfall order, each subtree after its span) in `state`, in
 * one pass: hidden plumbing lifts its descendants to the nearest shown ancestor, a collapsed span
 * hides its whole subtree. Durations and offsets are the spans' own, so hiding never changes them.
 */
export function visibleRows(spans: readonly SpanData[], parents: Int32Array, state: TreeState): VisibleRow[] {
  const count = spans.length;
  const hidden = new Uint8Array(count); // plumbing hidden
  const underCollapsed = new Uint8Array(count);
  const anchor = new Int32Array(count); // nearest ancestor not hidden as plumbing
  const depth = new Int32Array(count);
  const rowOf = new Int32Array(count).fill(-1);
  const rows: VisibleRow[] = [];
  for (let index = 0; index < count; index++) {
    const span = spans[index];
    const parent = parents[index];
    hidden[index] = span.plumbing && state.hidePlumbing && !state.revealed.has(span.spanId) && parent >= 0 ? 1 : 0;
    underCollapsed[index] =
      parent >= 0 &&
      (underCollapsed[parent] === 1 || (hidden[parent] === 0 && state.collapsed.has(spans[parent].spanId)))
        ? 1
        : 0;
    anchor[index] = parent < 0 ? -1 : hidden[parent] === 0 ? parent : anchor[parent];
    const above = anchor[index];
    depth[index] = above < 0 ? 0 : depth[above] + 1;
    if (above >= 0 && rowOf[above] >= 0) {
      if (hidden[index] === 1) rows[rowOf[above]].folded++;
      else rows[rowOf[above]].children++;
    }
    if (hidden[index] === 0 && underCollapsed[index] === 0) {
      rowOf[index] = rows.length;
      rows.push({ index, depth: depth[index], children: 0, folded: 0 });
    }
  }
  return rows;
}

/** Spans whose ancestors must be expanded, and which plumbing revealed, for `index` to be shown. */
export function pathTo(spans: readonly SpanData[], parents: Int32Array, index: number): string[] {
  const path: string[] = [];
  for (let at = parents[index]; at >= 0; at = parents[at]) path.push(spans[at].spanId);
  return path;
}

/** Every span that has children (for "collapse all"): all but the roots' own row stay folded. */
export function spansWithChildren(spans: readonly SpanData[], parents: Int32Array): Set<string> {
  const result = new Set<string>();
  for (let index = 0; index < spans.length; index++) if (parents[index] >= 0) result.add(spans[parents[index]].spanId);
  return result;
}

/** Lower-cased text a search inside a trace looks at: name, tool, model and every attribute value. */
export function searchText(span: SpanData): string {
  const parts = [span.name, span.spanId, span.tool?.name, span.llm?.model, span.llm?.responseModel];
  for (const value of Object.values(span.attributes))
    parts.push(typeof value === 'string' ? value : JSON.stringify(value));
  return parts
    .filter((part) => part !== undefined)
    .join('\n')
    .toLowerCase();
}

/** Indexes of the spans whose {@link searchText} contains `query` (case ignored); none for blank. */
export function searchSpans(texts: readonly string[], query: string): number[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  const hits: number[] = [];
  texts.forEach((text, index) => {
    if (text.includes(needle)) hits.push(index);
  });
  return hits;
}
