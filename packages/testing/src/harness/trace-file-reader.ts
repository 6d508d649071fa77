import Database from 'better-sqlite3';
import { TraceStoreError } from '@clearstone/observability';
import type { Trace } from '@clearstone/core';
import { assembleTrace } from './assemble-trace';
import { SPAN_SELECT, decodeTraceRows } from './decode-span-row';
import type { SpanRow } from './decode-span-row';
import type { ResolvedQuery } from './load-options';

/** The trace schema version this reader understands (@clearstone/observability's `SCHEMA_VERSION` 2). */
export const READABLE_SCHEMA_VERSION = 2;

/** A root span row: its row id, start, trace key and trace id as text. */
type RootRow = [rowId: bigint, startTimeNs: bigint, traceKey: bigint, traceId: string];

/** SQL for a trace id as text: lowercase hex for the 16-byte blobs, text ids as stored. */
const TRACE_ID_TEXT = `CASE WHEN typeof(t.trace_id) = 'blob' THEN lower(hex(t.trace_id)) ELSE t.trace_id END`;

/**
 * SQL condition keeping a trace's earliest root row (by start, then row id) only: a trace that
 * several processes recorded has several root rows and is read once, at the first.
 */
const FIRST_ROOT = `NOT EXISTS (SELECT 1 FROM spans o WHERE o.trace_key = r.trace_key AND o.is_root = 1
  AND o.start_time_ns <= r.start_time_ns AND (o.start_time_ns < r.start_time_ns OR o.id < r.id))`;

/**
 * Streams traces out of a Clearstone trace database through its own read-only connection,
 * a batch of traces at a time: roots newest first, then the spans of a batch in one indexed
 * query. Memory is proportional to the batch size, not to the database.
 */
export class TraceFileReader {
  private readonly db: Database.Database;
  private readonly spanStatements = new Map<number, Database.Statement>();

  /** Opens `path` read-only; the file must already have been validated as a Clearstone database. */
  constructor(readonly path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    this.db.pragma('busy_timeout = 5000');
    const version = Number(this.db.pragma('user_version', { simple: true }));
    if (version !== READABLE_SCHEMA_VERSION) {
      this.db.close();
      throw new TraceStoreError({
        message: `${path} uses trace schema version ${version}; @clearstone/testing reads version ${READABLE_SCHEMA_VERSION}. Open it once with TraceStore (not read-only) to migrate it, or upgrade @clearstone/testing.`,
        code: 'UNSUPPORTED_SCHEMA_VERSION',
        path,
      });
    }
  }

  /** Traces matching `query`, newest first, spans in start order. */
  *traces(query: ResolvedQuery): Generator<Trace, void, undefined> {
    if (query.limit === 0) return;
    // `start <= ?` bounds the index range; the OR only breaks ties in start time by row id.
    const conditions = ['r.is_root = 1', 'r.start_time_ns <= ?', '(r.start_time_ns < ? OR r.id < ?)', FIRST_ROOT];
    const window: bigint[] = [];
    if (query.sinceNs !== undefined) {
      conditions.push('r.start_time_ns >= ?');
      window.push(query.sinceNs);
    }
    if (query.untilNs !== undefined) {
      conditions.push('r.start_time_ns < ?');
      window.push(query.untilNs);
    }
    // Keyset paging over the partial index of roots: each page is its own short read, so no
    // cursor stays open between the pages handed to the caller.
    const page = this.db
      .prepare(
        `SELECT r.id, r.start_time_ns, r.trace_key, ${TRACE_ID_TEXT} FROM spans r JOIN traces t ON t.trace_key = r.trace_key
         WHERE ${conditions.join(' AND ')} ORDER BY r.start_time_ns DESC, r.id DESC LIMIT ?`,
      )
      .raw(true)
      .safeIntegers(true);
    let afterStart = 0x7fff_ffff_ffff_ffffn;
    let afterId = 0x7fff_ffff_ffff_ffffn;
    let yielded = 0;
    for (;;) {
      const roots = page.all(afterStart, afterStart, afterId, ...window, query.batchSize) as RootRow[];
      if (roots.length === 0) return;
      for (const trace of this.readBatch(roots)) {
        if (query.accepts !== undefined && !query.accepts(trace)) continue;
        yield trace;
        if (++yielded >= query.limit) return;
      }
      if (roots.length < query.batchSize) return;
      const last = roots[roots.length - 1];
      afterStart = last[1];
      afterId = last[0];
    }
  }

  private statementFor(size: number): Database.Statement {
    let statement = this.spanStatements.get(size);
    if (statement === undefined) {
      const placeholders = new Array<string>(size).fill('?').join(',');
      statement = this.db
        .prepare(
          `SELECT ${SPAN_SELECT} FROM spans s WHERE s.trace_key IN (${placeholders}) ORDER BY s.trace_key, s.start_time_ns, s.id`,
        )
        .raw(true)
        .safeIntegers(true);
      this.spanStatements.set(size, statement);
    }
    return statement;
  }

  private readBatch(roots: readonly RootRow[]): Trace[] {
    const keys = roots.map((root) => root[2]);
    const rows = this.statementFor(keys.length).all(...keys) as SpanRow[];
    // Rows come grouped by trace key; index each key's run of rows, then assemble in root order.
    const runs = new Map<bigint, [start: number, end: number]>();
    for (let start = 0; start < rows.length;) {
      const key = rows[start][0];
      let end = start + 1;
      while (end < rows.length && rows[end][0] === key) end++;
      runs.set(key, [start, end]);
      start = end;
    }
    const traces: Trace[] = [];
    for (const root of roots) {
      const run = runs.get(root[2]);
      if (run === undefined) continue;
      const traceId = root[3];
      traces.push(assembleTrace(traceId, decodeTraceRows(rows, run[0], run[1], traceId)));
    }
    return traces;
  }

  /** Closes the connection. */
  close(): void {
    this.db.close();
  }
}
