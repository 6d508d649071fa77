import type { Decision, SpanRecord, Trace } from '@clearstone/core';

/** A policy over a whole recorded trace, such as the behavioural assertions. */
export type TracePolicy = (trace: Trace) => Decision;

/** A policy over one recorded span. */
export type SpanPolicy = (span: SpanRecord) => Decision;
