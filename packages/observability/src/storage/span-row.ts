import type { Snapshot, SpanRecord } from '@clearstone/core';
import { kindFromCode, statusFromCode } from './codes';
import { decodeSpanId, decodeTraceId } from './id-codec';
import { attributesFromJson, eventsFromJson, linksFromJson } from './span-json';

/** A row selected with `SPAN_COLUMNS` (integers as bigints). */
export interface SpanRow {
  span_id: bigint | string;
  trace_id: Buffer | string;
  parent_span_id: bigint | string | null;
  name: string;
  kind: bigint;
  status: bigint;
  start_time_ns: bigint;
  end_time_ns: bigint | null;
  attributes: string | null;
  events: string | null;
  links: string | null;
  input: string | null;
  output: string | null;
  error_message: string | null;
  error_stack: string | null;
  instrumentation_name: string;
  instrumentation_version: string | null;
}

/** The span record stored in `row`. Optional fields absent from the row are left out. */
export function rowToRecord(row: SpanRow): SpanRecord {
  const record: SpanRecord = {
    traceId: decodeTraceId(row.trace_id),
    spanId: decodeSpanId(row.span_id),
    name: row.name,
    kind: kindFromCode(row.kind),
    startTimeNs: row.start_time_ns,
    attributes: attributesFromJson(row.attributes),
    status: statusFromCode(row.status),
    events: eventsFromJson(row.events),
    links: linksFromJson(row.links),
    instrumentationName: row.instrumentation_name,
  };
  if (row.parent_span_id !== null) record.parentSpanId = decodeSpanId(row.parent_span_id);
  if (row.end_time_ns !== null) {
    record.endTimeNs = row.end_time_ns;
    record.durationNs = row.end_time_ns - row.start_time_ns;
  }
  if (row.error_message !== null) record.errorMessage = row.error_message;
  if (row.error_stack !== null) record.errorStack = row.error_stack;
  if (row.input !== null) record.input = JSON.parse(row.input) as Snapshot;
  if (row.output !== null) record.output = JSON.parse(row.output) as Snapshot;
  if (row.instrumentation_version !== null) record.instrumentationVersion = row.instrumentation_version;
  return record;
}
