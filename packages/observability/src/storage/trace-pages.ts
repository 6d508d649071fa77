import type Database from 'better-sqlite3';
import type { SpanRecord, Trace } from '@clearstone/core';
import { assembleTrace } from './assemble-trace';
import { decodeTraceId } from './id-codec';
import type { SpanFieldSelection } from './query-types';
import { AFTER_REPLAY_FIELDS, REPLAY_SPAN_FIELDS, replaySpansFromRows } from './replay-span-row';
import type { ReplaySpanRow } from './replay-span-row';
import { SPAN_FIELDS } from './schema';
import type { SqlFilter } from './span-filters';
import { AFTER_SPAN_FIELDS, spansFromRows } from './span-row';
import type { SpanFieldsRow } from './span-row';
import { buildTracePage } from './trace-queries';

/** Runs an operation on the store's open database (translating SQLite errors). */
export type DatabaseRunner = <T>(operation: (db: Database.Database) => T) => T;

/** A root row of a page (`buildTracePage`'s columns, raw): row id, start, trace key, trace id. */
type RootRow = [id: bigint, startTimeNs: bigint, traceKey: bigint, traceId: Buffer | string];

/** Most traces read at a time, whatever page size is asked for (one SQL parameter per trace). */
export const MAX_PAGE_SIZE = 1000;

/** The statements of one iteration, prepared once per connection (the store may reopen its file). */
class Statements {
  private db: Database.Database | undefined;
  private readonly prepared = new Map<string, Database.Statement>();

  /** `sql` prepared on `db`, returning bigints, and arrays when `raw`. */
  get(db: Database.Database, sql: string, raw: boolean): Database.Statement {
    if (db !== this.db) {
      this.prepared.clear();
      this.db = db;
    }
    let statement = this.prepared.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql).raw(raw).safeIntegers(true);
      this.prepared.set(sql, statement);
    }
    return statement;
  }
}

/** How a page's span rows are selected and decoded. */
interface RowFormat {
  /** The span columns selected, before the trace key. */
  readonly columns: string;
  /** Position of the trace key in a row. */
  readonly keyAt: number;
  /** The spans of `rows[start, end)`, of the trace `traceId`. */
  readonly decode: (rows: readonly unknown[][], start: number, end: number, traceId: string) => SpanRecord[];
}

const FORMATS: Readonly<Record<SpanFieldSelection, RowFormat>> = {
  full: {
    columns: SPAN_FIELDS,
    keyAt: AFTER_SPAN_FIELDS,
    decode: (rows, start, end, traceId) => spansFromRows(rows as SpanFieldsRow[], start, end, traceId),
  },
  replay: {
    columns: REPLAY_SPAN_FIELDS,
    keyAt: AFTER_REPLAY_FIELDS,
    decode: (rows, start, end, traceId) => replaySpansFromRows(rows as ReplaySpanRow[], start, end, traceId),
  },
};

function spansOfTraces(count: number, format: RowFormat): string {
  return `SELECT ${format.columns}, s.trace_key FROM spans s
  WHERE s.trace_key IN (${new Array<string>(count).fill('?').join(',')}) ORDER BY s.trace_key, s.start_time_ns, s.id`;
}

/** Larger than every stored start time and row id: the cursor before the first page. */
const AFTER_ALL = 0x7fff_ffff_ffff_ffffn;

/** The traces of `roots`, in their order, each with its spans in start order (one query). */
function readTraces(
  db: Database.Database,
  roots: readonly RootRow[],
  statements: Statements,
  format: RowFormat,
): Trace[] {
  const keys = roots.map((root) => root[2]);
  const rows = statements.get(db, spansOfTraces(keys.length, format), true).all(...keys) as unknown[][];
  // Rows come grouped by trace key: index each key's run of rows, then assemble in root order.
  const keyAt = format.keyAt;
  const runs = new Map<bigint, [start: number, end: number]>();
  for (let start = 0; start < rows.length;) {
    const key = rows[start][keyAt] as bigint;
    let end = start + 1;
    while (end < rows.length && rows[end][keyAt] === key) end++;
    runs.set(key, [start, end]);
    start = end;
  }
  const traces: Trace[] = [];
  for (const root of roots) {
    const run = runs.get(root[2]);
    if (run === undefined) continue; // deleted since its root was read
    const traceId = decodeTraceId(root[3]);
    const trace = assembleTrace(traceId, format.decode(rows, run[0], run[1], traceId));
    if (trace !== undefined) traces.push(trace);
  }
  return traces;
}

/**
 * Streams the traces whose root rows match `filter`, newest first (by root start, then row id),
 * `pageSize` traces (at most {@link MAX_PAGE_SIZE}) at a time: keyset paging over the roots, then
 * the spans of a page in one indexed query. No statement stays open between pages, so the caller
 * may use the store (even write to it) while iterating; traces written meanwhile appear only if
 * older than the cursor.
 */
export function* tracePages(
  run: DatabaseRunner,
  filter: SqlFilter,
  requestedPageSize: number,
  spanFields: SpanFieldSelection = 'full',
): Generator<Trace, void, undefined> {
  const format = FORMATS[spanFields];
  const pageSize = Math.min(requestedPageSize, MAX_PAGE_SIZE);
  const page = buildTracePage(filter);
  const statements = new Statements();
  let afterStart = AFTER_ALL;
  let afterId = AFTER_ALL;
  for (;;) {
    const roots = run(
      (db) =>
        statements
          .get(db, page.sql, true)
          .all(afterStart, afterStart, afterId, ...page.parameters, pageSize) as RootRow[],
    );
    if (roots.length === 0) return;
    yield* run((db) => readTraces(db, roots, statements, format));
    if (roots.length < pageSize) return;
    const last = roots[roots.length - 1];
    afterStart = last[1];
    afterId = last[0];
  }
}
