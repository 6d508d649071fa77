import type { Snapshot, SpanEvent, SpanLink, SpanRecord } from '@clearstone/core';
import { kindFromCode, statusFromCode } from './codes';
import { decodeSpanId } from './id-codec';
import { decodeRows } from './span-row';
import { attributesFromJson } from './span-json';

/**
 * The span columns a replay reads (aliased `s`), in the order of {@link ReplaySpanFields}: those of
 * `SPAN_FIELDS` without the output snapshot, the instrumentation scope and the rare columns
 * (events, links, error message and stack).
 */
export const REPLAY_SPAN_FIELDS = `s.span_id, s.parent_span_id, s.name,
  4 * s.kind + (CASE WHEN s.status BETWEEN 0 AND 2 THEN s.status ELSE 0 END), s.start_time_ns, s.end_time_ns,
  s.attributes, s.input`;

/** The values of {@link REPLAY_SPAN_FIELDS} in a raw row (`.raw(true).safeIntegers(true)`), then more columns. */
export type ReplaySpanRow = [
  spanId: bigint | string,
  parentSpanId: bigint | string | null,
  name: string,
  kindStatus: bigint,
  startTimeNs: bigint,
  endTimeNs: bigint | null,
  attributes: string | null,
  input: string | null,
  ...rest: unknown[],
];

/** The events and links of every replay span: empty, frozen and shared (a page allocates none). */
const NO_EVENTS = Object.freeze([]) as unknown as SpanEvent[];
const NO_LINKS = Object.freeze([]) as unknown as SpanLink[];

/** Position of the value after the replay fields (the trace key of a page's rows). */
export const AFTER_REPLAY_FIELDS = 8;

/**
 * The span of a replay row, of the trace `traceId`, with the decoded `parentSpanId`: what a replay
 * reads, with empty (frozen, shared) events and links and no output, error or instrumentation scope.
 */
export function replaySpanFromRow(row: ReplaySpanRow, traceId: string, parentSpanId: string | undefined): SpanRecord {
  const kindStatus = Number(row[3]);
  const record: SpanRecord = {
    traceId,
    spanId: decodeSpanId(row[0]),
    name: row[2],
    kind: kindFromCode(kindStatus >> 2),
    startTimeNs: row[4],
    attributes: attributesFromJson(row[6]),
    status: statusFromCode(kindStatus & 3),
    events: NO_EVENTS,
    links: NO_LINKS,
    instrumentationName: '',
  };
  if (parentSpanId !== undefined) record.parentSpanId = parentSpanId;
  if (row[5] !== null) {
    record.endTimeNs = row[5];
    record.durationNs = row[5] - row[4];
  }
  if (row[7] !== null) record.input = JSON.parse(row[7]) as Snapshot;
  return record;
}

/** The replay spans of `rows[start, end)`, all of the trace `traceId`; a parent id decoded once serves its run of siblings. */
export function replaySpansFromRows(
  rows: readonly ReplaySpanRow[],
  start: number,
  end: number,
  traceId: string,
): SpanRecord[] {
  return decodeRows(rows, start, end, traceId, replaySpanFromRow);
}
