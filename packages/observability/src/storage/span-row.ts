import type { Snapshot, SpanRecord } from '@clearstone/core';
import { kindFromCode, statusFromCode } from './codes';
import { decodeSpanId, decodeTraceId } from './id-codec';
import { attributesFromJson, eventsFromJson, linksFromJson } from './span-json';

/**
 * The values of `SPAN_FIELDS`, in that order, as a raw row holds them (`.raw(true).safeIntegers(true)`:
 * an array, integers as bigints). Raw rows cost less to hand from SQLite to JavaScript than
 * objects, and every value crossing costs even when NULL: kind and status come as one number
 * (4 × kind + status), and the four columns that are almost always NULL (events, links, error
 * message and stack) as one JSON array that is NULL when all are.
 */
export type SpanFields = [
  spanId: bigint | string,
  parentSpanId: bigint | string | null,
  name: string,
  kindStatus: bigint,
  startTimeNs: bigint,
  endTimeNs: bigint | null,
  attributes: string | null,
  input: string | null,
  output: string | null,
  instrumentationName: string,
  instrumentationVersion: string | null,
  rare: string | null,
];

/** A raw row that starts with the span's fields (more columns may follow). */
export type SpanFieldsRow = [...SpanFields, ...unknown[]];

/** A raw row selected with `SPAN_COLUMNS`: the span's fields, then its trace id. */
export type SpanRow = [...SpanFields, traceId: Buffer | string];

/** Position of the value after the span's fields (`SPAN_COLUMNS`' trace id, or a key selected after them). */
export const AFTER_SPAN_FIELDS = 12;

type RareColumns = [
  events: string | null,
  links: string | null,
  errorMessage: string | null,
  errorStack: string | null,
];

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
  const kindStatus = Number(row[3]);
  const rare = row[11] === null ? undefined : (JSON.parse(row[11]) as RareColumns);
  const record: SpanRecord = {
    traceId,
    spanId: decodeSpanId(row[0]),
    name: row[2],
    kind: kindFromCode(kindStatus >> 2),
    startTimeNs: row[4],
    attributes: attributesFromJson(row[6]),
    status: statusFromCode(kindStatus & 3),
    events: eventsFromJson(rare?.[0]),
    links: linksFromJson(rare?.[1]),
    instrumentationName: row[9],
  };
  if (parentSpanId !== undefined) record.parentSpanId = parentSpanId;
  if (row[5] !== null) {
    record.endTimeNs = row[5];
    record.durationNs = row[5] - row[4];
  }
  if (rare?.[2] != null) record.errorMessage = rare[2];
  if (rare?.[3] != null) record.errorStack = rare[3];
  if (row[7] !== null) record.input = JSON.parse(row[7]) as Snapshot;
  if (row[8] !== null) record.output = JSON.parse(row[8]) as Snapshot;
  if (row[10] !== null) record.instrumentationVersion = row[10];
  return record;
}

/**
 * Decodes `rows[start, end)`, all of the trace `traceId`, with `decode`. Children usually follow
 * their parent, so the last parent id decoded (column 1 of every row shape) is reused for the next row.
 */
export function decodeRows<Row extends readonly unknown[]>(
  rows: readonly Row[],
  start: number,
  end: number,
  traceId: string,
  decode: (row: Row, traceId: string, parentSpanId: string | undefined) => SpanRecord,
): SpanRecord[] {
  const spans = new Array<SpanRecord>(end - start);
  let lastParent: bigint | string | null = null;
  let lastParentText: string | undefined;
  for (let index = start; index < end; index++) {
    const row = rows[index];
    const parent = row[1] as bigint | string | null;
    if (parent !== null && parent !== lastParent) {
      lastParent = parent;
      lastParentText = decodeSpanId(parent);
    }
    spans[index - start] = decode(row, traceId, parent === null ? undefined : lastParentText);
  }
  return spans;
}

/** The span records of `rows[start, end)`, all of the trace `traceId`. */
export function spansFromRows(
  rows: readonly SpanFieldsRow[],
  start: number,
  end: number,
  traceId: string,
): SpanRecord[] {
  return decodeRows(rows, start, end, traceId, spanFromRow);
}
