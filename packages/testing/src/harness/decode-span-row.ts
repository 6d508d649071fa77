import { SpanKind, SpanStatusCode } from '@clearstone/core';
import type { Attributes, Snapshot, SpanEvent, SpanLink, SpanRecord } from '@clearstone/core';

// Decodes rows of the span table of @clearstone/observability's schema version 2: span ids as
// signed 64-bit integers (or text for ids that are not 16 hex digits), kinds and statuses as
// small integers, JSON text columns that are NULL when empty.
//
// Every value crossing from SQLite into JavaScript has a cost whether or not it is NULL, so the
// query folds some columns: kind and status come back as one index into KIND_STATUS, and the
// four columns that are almost always NULL (events, links, error message and stack) as one JSON
// array that is NULL when all are. (Formatting span ids as hex in SQL with printf is slower than
// BigInt.prototype.toString here.)

const KINDS: readonly SpanKind[] = [
  SpanKind.INTERNAL,
  SpanKind.CLIENT,
  SpanKind.SERVER,
  SpanKind.PRODUCER,
  SpanKind.CONSUMER,
];
const STATUSES: readonly SpanStatusCode[] = [SpanStatusCode.UNSET, SpanStatusCode.OK, SpanStatusCode.ERROR];
const KIND_STATUS: ReadonlyArray<readonly [SpanKind, SpanStatusCode]> = KINDS.flatMap((kind) =>
  STATUSES.map((status) => [kind, status] as const),
);

/** SQL for the index into KIND_STATUS of a row; values out of range read as INTERNAL / UNSET. */
const KIND_STATUS_INDEX = `(CASE WHEN s.kind BETWEEN 0 AND 4 THEN s.kind ELSE 0 END) * 3 + (CASE WHEN s.status BETWEEN 0 AND 2 THEN s.status ELSE 0 END)`;

/** SQL for the rarely set columns: NULL, or a JSON array of [events, links, errorMessage, errorStack]. */
const RARE_COLUMNS = `CASE WHEN s.events IS NULL AND s.links IS NULL AND s.error_message IS NULL AND s.error_stack IS NULL THEN NULL
  ELSE json_array(s.events, s.links, s.error_message, s.error_stack) END`;

/** The span columns the reader selects, in the order of {@link SpanRow}; rows are read raw (arrays) with safe integers. */
export const SPAN_SELECT = `s.trace_key, s.span_id, s.parent_span_id, s.name, ${KIND_STATUS_INDEX},
  s.start_time_ns, s.end_time_ns, s.attributes, s.instrumentation_name, s.instrumentation_version, s.input, s.output, ${RARE_COLUMNS}`;

/** A raw row of {@link SPAN_SELECT} (safe integers: every INTEGER is a bigint). */
export type SpanRow = [
  traceKey: bigint,
  spanId: bigint | string,
  parentSpanId: bigint | string | null,
  name: string,
  kindStatus: bigint,
  startTimeNs: bigint,
  endTimeNs: bigint | null,
  attributes: string | null,
  instrumentationName: string,
  instrumentationVersion: string | null,
  input: string | null,
  output: string | null,
  rare: string | null,
];

/** Span id text from its stored form: a signed 64-bit integer for 16 hex digits, else text. */
export function decodeSpanId(value: bigint | string | number): string {
  if (typeof value === 'bigint') return BigInt.asUintN(64, value).toString(16).padStart(16, '0');
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
  return (JSON.parse(json) as SpanLink[]).map((link) => ({
    traceId: link.traceId,
    spanId: link.spanId,
    attributes: link.attributes ?? {},
  }));
}

/**
 * Defines `key` on `record` as an enumerable property whose JSON is parsed on first read (and
 * kept); assigning it replaces the value. Reading, spreading, `JSON.stringify` and deep equality
 * see the decoded value.
 */
function defineParsedOnRead<T>(
  record: SpanRecord,
  key: 'input' | 'output',
  json: string,
  parse: (json: string) => T,
): void {
  let decoded = false;
  let value: T | undefined;
  Object.defineProperty(record, key, {
    enumerable: true,
    configurable: true,
    get(): T | undefined {
      if (!decoded) {
        value = parse(json);
        decoded = true;
      }
      return value;
    },
    set(next: T | undefined): void {
      value = next;
      decoded = true;
    },
  });
}

const parseSnapshot = (json: string): Snapshot => JSON.parse(json) as Snapshot;

/**
 * Decodes the rows of one trace into span records. Children usually follow their parent, so the
 * text of the last parent id decoded is kept for the next row.
 */
export function decodeTraceRows(rows: readonly SpanRow[], start: number, end: number, traceId: string): SpanRecord[] {
  const spans = new Array<SpanRecord>(end - start);
  let lastParent: bigint | string | null = null;
  let lastParentText: string | undefined;
  for (let index = start; index < end; index++) {
    const row = rows[index];
    const parent = row[2];
    let parentSpanId: string | undefined;
    if (parent !== null) {
      if (parent !== lastParent) {
        lastParent = parent;
        lastParentText = decodeSpanId(parent);
      }
      parentSpanId = lastParentText;
    }
    spans[index - start] = decodeSpanRow(row, traceId, parentSpanId);
  }
  return spans;
}

/** The span record of a raw row, for the trace whose id is `traceId`; `parentSpanId` is the decoded `row[2]`. */
export function decodeSpanRow(
  row: SpanRow,
  traceId: string,
  parentSpanId: string | undefined = row[2] === null ? undefined : decodeSpanId(row[2]),
): SpanRecord {
  const [kind, status] = KIND_STATUS[Number(row[4])] ?? KIND_STATUS[0];
  const rare =
    row[12] === null
      ? undefined
      : (JSON.parse(row[12]) as [string | null, string | null, string | null, string | null]);
  const record: SpanRecord = {
    traceId,
    spanId: decodeSpanId(row[1]),
    name: row[3],
    kind,
    startTimeNs: row[5],
    attributes: row[7] === null ? {} : (JSON.parse(row[7]) as Attributes),
    status,
    events: rare?.[0] == null ? [] : decodeEvents(rare[0]),
    links: rare?.[1] == null ? [] : decodeLinks(rare[1]),
    instrumentationName: row[8],
  };
  if (parentSpanId !== undefined) record.parentSpanId = parentSpanId;
  if (row[6] !== null) {
    record.endTimeNs = row[6];
    record.durationNs = row[6] - row[5];
  }
  if (rare?.[2] != null) record.errorMessage = rare[2];
  if (rare?.[3] != null) record.errorStack = rare[3];
  // Snapshots can be large and most readers never look at them: parsed when read.
  if (row[10] !== null) defineParsedOnRead(record, 'input', row[10], parseSnapshot);
  if (row[11] !== null) defineParsedOnRead(record, 'output', row[11], parseSnapshot);
  if (row[9] !== null) record.instrumentationVersion = row[9];
  return record;
}
