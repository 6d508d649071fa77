import { SpanKind, SpanStatusCode } from '@clearstone/core';
import type { Attributes, Snapshot, SpanEvent, SpanLink, SpanRecord } from '@clearstone/core';

// Decodes rows of the span table of @clearstone/observability's schema version 2: span ids as
// signed 64-bit integers (or text for ids that are not 16 hex digits), kinds and statuses as
// small integers, JSON text columns that are NULL when empty.

const KINDS: readonly SpanKind[] = [SpanKind.INTERNAL, SpanKind.CLIENT, SpanKind.SERVER, SpanKind.PRODUCER, SpanKind.CONSUMER];
const STATUSES: readonly SpanStatusCode[] = [SpanStatusCode.UNSET, SpanStatusCode.OK, SpanStatusCode.ERROR];
const UNSIGNED_64 = 0xffff_ffff_ffff_ffffn;

/** Columns selected by {@link SPAN_SELECT}, in order; rows are read raw (arrays). */
export const SPAN_SELECT = `s.trace_key, s.id, s.is_root, s.span_id, s.parent_span_id, s.name, s.kind, s.status, s.start_time_ns, s.end_time_ns,
  s.attributes, s.events, s.links, s.input, s.output, s.error_message, s.error_stack, s.instrumentation_name, s.instrumentation_version`;

/** A raw span row (safe integers: every INTEGER is a bigint). */
export type SpanRow = [
  traceKey: bigint,
  rowId: bigint,
  isRoot: bigint,
  spanId: bigint | string,
  parentSpanId: bigint | string | null,
  name: string,
  kind: bigint,
  status: bigint,
  startTimeNs: bigint,
  endTimeNs: bigint | null,
  attributes: string | null,
  events: string | null,
  links: string | null,
  input: string | null,
  output: string | null,
  errorMessage: string | null,
  errorStack: string | null,
  instrumentationName: string,
  instrumentationVersion: string | null,
];

/** Span id text from its stored form. */
export function decodeSpanId(value: bigint | string | number): string {
  if (typeof value === 'bigint') return (value & UNSIGNED_64).toString(16).padStart(16, '0');
  if (typeof value === 'number') return decodeSpanId(BigInt(value));
  return value;
}

function decodeEvents(json: string): SpanEvent[] {
  return (JSON.parse(json) as Array<{ name: string; timeNs: string; attributes?: Attributes }>).map((event) => ({
    name: event.name,
    timeNs: BigInt(event.timeNs),
    attributes: event.attributes ?? {},
  }));
}

function decodeLinks(json: string): SpanLink[] {
  return (JSON.parse(json) as SpanLink[]).map((link) => ({ traceId: link.traceId, spanId: link.spanId, attributes: link.attributes ?? {} }));
}

/** The span record of a raw row, for the trace whose id is `traceId`. */
export function decodeSpanRow(row: SpanRow, traceId: string): SpanRecord {
  const record: SpanRecord = {
    traceId,
    spanId: decodeSpanId(row[3]),
    name: row[5],
    kind: KINDS[Number(row[6])] ?? SpanKind.INTERNAL,
    startTimeNs: row[8],
    attributes: row[10] === null ? {} : (JSON.parse(row[10]) as Attributes),
    status: STATUSES[Number(row[7])] ?? SpanStatusCode.UNSET,
    events: row[11] === null ? [] : decodeEvents(row[11]),
    links: row[12] === null ? [] : decodeLinks(row[12]),
    instrumentationName: row[17],
  };
  if (row[4] !== null) record.parentSpanId = decodeSpanId(row[4]);
  if (row[9] !== null) {
    record.endTimeNs = row[9];
    record.durationNs = row[9] - row[8];
  }
  if (row[15] !== null) record.errorMessage = row[15];
  if (row[16] !== null) record.errorStack = row[16];
  if (row[13] !== null) record.input = JSON.parse(row[13]) as Snapshot;
  if (row[14] !== null) record.output = JSON.parse(row[14]) as Snapshot;
  if (row[18] !== null) record.instrumentationVersion = row[18];
  return record;
}
