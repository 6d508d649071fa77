import type { AttributeValue, SpanKind, SpanStatusCode } from '@clearstone/core';
import type { TimeInput } from './time-input';

/**
 * Which traces {@link TraceStore.listTraces}, {@link TraceStore.countTraces} and
 * {@link TraceStore.iterateTraces} take: all of them by default, else those matching every filter
 * given. A trace is described by its root span (the first span recorded without a parent in it).
 */
export interface TraceQuery {
  /** Only traces whose root started at or after this time. */
  since?: TimeInput;
  /** Only traces whose root started before this time. */
  until?: TimeInput;
  /** Only traces whose root span has this name. */
  name?: string;
  /** Only traces whose root span name contains this text, ignoring ASCII case. */
  nameContains?: string;
  /** Only traces with this summary status (ERROR when any span failed, else the root's status). */
  status?: SpanStatusCode;
  /** Only traces whose root span has all these attribute values. */
  attributes?: Record<string, AttributeValue>;
  /**
   * Only traces where each of these attribute values is held by some span, the root or any other
   * (not necessarily the same span for every entry).
   */
  spanAttributes?: Record<string, AttributeValue>;
  /**
   * `true`: only traces that hold a block (a governed call blocked, rejected or timed out, or a
   * BLOCK decision recorded on a span); `false`: only traces that hold none.
   */
  blocked?: boolean;
  /** `true`: only traces that hold a pause (a call paused for approval, or a PAUSE decision); `false`: only those that hold none. */
  paused?: boolean;
}

/** What {@link TraceStore.listTraces} can sort by: root start, root duration, root name or span count. */
export type TraceSortKey = 'start' | 'duration' | 'name' | 'spanCount';

/**
 * Filters, order and page of {@link TraceStore.listTraces}. Traces are listed newest first, by
 * their root's start, unless `sortBy` says otherwise.
 */
export interface ListTracesQuery extends TraceQuery {
  /** Page size; default 100. */
  limit?: number;
  /** Traces to skip; default 0. */
  offset?: number;
  /**
   * Sort key; default `'start'`. Ties are broken newest first. Traces still in flight (no root end)
   * come last when sorting by duration.
   */
  sortBy?: TraceSortKey;
  /** `'desc'` (default: newest, longest, most spans, Z to A first) or `'asc'`. */
  sortOrder?: 'asc' | 'desc';
}

/** Options of {@link TraceStore.countRootAttributeValues}: the traces counted, and how many values to return. */
export interface AttributeValueCountsQuery extends TraceQuery {
  /** Most values returned, the most frequent first; default 20. */
  limit?: number;
}

/** One value of a root-span attribute and the number of traces whose root holds it. */
export interface AttributeValueCount {
  /** The value as SQLite reads it from the stored JSON: booleans as 0/1, arrays as JSON text. */
  value: string | number;
  /** Traces whose root span has this value. */
  traces: number;
}

/**
 * What {@link TraceStore.iterateTraces} reads of each span. `'full'` (default): everything, as
 * {@link TraceStore.getTrace} returns it. `'replay'`: what a replay of the recorded calls reads —
 * ids, parent, name, kind, status, start and end time, attributes and the input snapshot — and
 * not the output snapshot, events, links, error message and stack or instrumentation scope: such
 * spans have empty, frozen `events` and `links`, `instrumentationName` `''`, and no `output`,
 * `errorMessage`, `errorStack` or `instrumentationVersion`.
 */
export type SpanFieldSelection = 'full' | 'replay';

/** Filters of {@link TraceStore.iterateTraces}, how many traces it reads at a time, and what of each span. */
export interface IterateTracesQuery extends TraceQuery {
  /**
   * Traces read from the database at a time: default 256, at least 1; above 1000 reads 1000.
   * Memory stays proportional to it.
   */
  pageSize?: number;
  /**
   * `'replay'` reads only what a backtest replays (see {@link SpanFieldSelection}): less to read and
   * decode, for a trace that is not the whole record. Default `'full'`.
   */
  spanFields?: SpanFieldSelection;
}

/** Filters and page of {@link TraceStore.querySpans}. Spans come in start order. */
export interface QuerySpansQuery {
  /** Only spans of this trace. */
  traceId?: string;
  /** Only spans with this name. */
  name?: string;
  /** Only spans of this kind. */
  kind?: SpanKind;
  /** Only spans with this status. */
  status?: SpanStatusCode;
  /** Only spans with all these attribute values. */
  attributes?: Record<string, AttributeValue>;
  /** Only spans started at or after this time. */
  since?: TimeInput;
  /** Only spans started before this time. */
  until?: TimeInput;
  /** Page size; default 1000. */
  limit?: number;
  /** Spans to skip; default 0. */
  offset?: number;
}

/** Options of the {@link TraceStore} constructor. */
export interface TraceStoreOptions {
  /** Open for reading only; the file must exist. Default false (the file is created when missing). */
  readonly?: boolean;
}

/** Options of {@link TraceStore.writeSpans}. */
export interface WriteSpansOptions {
  /**
   * Longest wait, in milliseconds, for another connection's write lock before the write fails with
   * SQLITE_BUSY (writing nothing). Default: the connection's busy timeout, 5000 ms.
   */
  busyTimeoutMs?: number;
}
