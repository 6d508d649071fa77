import type { Snapshot, SpanRecord } from '@clearstone/core';
import { kindFromCode, statusFromCode } from './codes';
import { decodeSpanId, decodeTraceId } from './id-codec';
import { attributesFromJson, eventsFromJson, linksFromJson } from './span-json';

/**
 * The values of `SPAN_FIELDS`, in that order, as a raw row holds them (`.raw(true).safeIntegers(true)`:
 * an array, integers as bigints). Raw rows cost less to hand from SQLite to JavaScript than objects.
 */
export type SpanFields = [
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

/** A raw row that starts with the span's fields (more columns may follow). */
export type SpanFieldsRow = [...SpanFields, ...unknown[]];

/** A raw row selected with `SPAN_COLUMNS`: the span's fields, then its trace id. */
export type SpanRow = [...SpanFields, traceId: Buffer | string];

/** Position of the value after the span's fields (`SPAN_COLUMNS`' trace id, or a key selected after them). */
export const AFTER_SPAN_FIELDS = 16;

/** The span record stored in `row`. Optional fields absent from the row are left out. */
export function rowToRecord(row: SpanRow): SpanRecord {
  return spanFromRow(row, decodeTraceId(row[AFTER_SPAN_FIELDS]));
}

/**
 * The span record stored in `row`, a span of the trace `traceId`. `parentSpanId` is the decoded
 * parent id when the caller already has it (siblings share their parent's).
 */
export function spanFromRow(
  row: SpanFieldsRow,
  traceId: string,
  parentSpanId: string | undefined = row[1] === null ? undefined : decodeSpanId(row[1]),
): SpanRecord {
  const record: SpanRecord = {
    traceId,
    spanId: decodeSpanId(row[0]),
    name: row[2],
    kind: kindFromCode(row[3]),
    startTimeNs: row[5],
    attributes: attributesFromJson(row[7]),
    status: statusFromCode(row[4]),
    events: eventsFromJson(row[8]),
    links: linksFromJson(row[9]),
    instrumentationName: row[14],
  };
  if (parentSpanId !== undefined) record.parentSpanId = parentSpanId;
  if (row[6] !== null) {
    record.endTimeNs = row[6];
    record.durationNs = row[6] - row[5];
  }
  if (row[12] !== null) record.errorMessage = row[12];
  if (row[13] !== null) record.errorStack = row[13];
  if (row[10] !== null) record.input = JSON.parse(row[10]) as Snapshot;
  if (row[11] !== null) record.output = JSON.parse(row[11]) as Snapshot;
  if (row[15] !== null) record.instrumentationVersion = row[15];
  return record;
}

/**
 * The span records of `rows[start, end)`, all of the trace `traceId`. Children usually follow
 * their parent, so the last parent id decoded is reused for the next row.
 */
export function spansFromRows(
  rows: readonly SpanFieldsRow[],
  start: number,
  end: number,
  traceId: string,
): SpanRecord[] {
  const spans = new Array<SpanRecord>(end - start);
  let lastParent: bigint | string | null = null;
  let lastParentText: string | undefined;
  for (let index = start; index < end; index++) {
    const row = rows[index];
    const parent = row[1];
    if (parent !== null && parent !== lastParent) {
      lastParent = parent;
      lastParentText = decodeSpanId(parent);
    }
    spans[index - start] = spanFromRow(row, traceId, parent === null ? undefined : lastParentText);
  }
  return spans;
}
