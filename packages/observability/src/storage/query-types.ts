import type { AttributeValue, SpanKind, SpanStatusCode } from '@clearstone/core';
import type { TimeInput } from './time-input';

/** Filters and page of {@link TraceStore.listTraces}. Traces are listed newest first, by their root's start. */
export interface ListTracesQuery {
  /** Page size; default 100. */
  limit?: number;
  /** Traces to skip; default 0. */
  offset?: number;
  /** Only traces whose root started at or after this time. */
  since?: TimeInput;
  /** Only traces whose root started before this time. */
  until?: TimeInput;
  /** Only traces whose root span has this name. */
  name?: string;
  /** Only traces with this summary status (ERROR when any span failed, else the root's status). */
  status?: SpanStatusCode;
  /** Only traces whose root span has all these attribute values. */
  attributes?: Record<string, AttributeValue>;
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
