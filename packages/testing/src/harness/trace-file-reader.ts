import Database from 'better-sqlite3';
import { TraceStoreError } from '@clearstone/observability';
import type { Trace } from '@clearstone/core';
import { assembleTrace } from './assemble-trace';
import { SPAN_SELECT, decodeSpanRow } from './decode-span-row';
import type { SpanRow } from './decode-span-row';
import type { ResolvedQuery } from './load-options';

/** The trace schema version this reader understands (@clearstone/observability's `SCHEMA_VERSION` 2). */
export const READABLE_SCHEMA_VERSION = 2;

/** A root span row: its row id, start, trace key and stored trace id. */
type RootRow = [rowId: bigint, startTimeNs: bigint, traceKey: bigint, traceId: Buffer | string];

function traceIdText(value: Buffer | string): string {
  return typeof value === 'string' ? value : value.toString('hex');
}

/** Whether `root` is the trace's earliest root row: a trace several processes recorded has several. */
function isFirstRoot(root: RootRow, rows: readonly SpanRow[]): boolean {
  for (const row of rows) {
    if (row[2] === 1n && (row[8] < root[1] || (row[8] === root[1] && row[1] < root[0]))) return false;
  }
  return true;
}

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
    const conditions = ['r.is_root = 1', '(r.start_time_ns < ? OR (r.start_time_ns = ? AND r.id < ?))'];
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
        `SELECT r.id, r.start_time_ns, r.trace_key, t.trace_id FROM spans r JOIN traces t ON t.trace_key = r.trace_key
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
      const last = roots[roots.length - 1]!;
      afterStart = last[1];
      afterId = last[0];
    }
  }

  private statementFor(size: number): Database.Statement {
    let statement = this.spanStatements.get(size);
    if (statement === undefined) {
      const placeholders = new Array<string>(size).fill('?').join(',');
      statement = this.db
        .prepare(`SELECT ${SPAN_SELECT} FROM spans s WHERE s.trace_key IN (${placeholders}) ORDER BY s.trace_key, s.start_time_ns, s.id`)
        .raw(true)
        .safeIntegers(true);
      this.spanStatements.set(size, statement);
    }
    return statement;
  }

  private readBatch(roots: readonly RootRow[]): Trace[] {
    const keys = [...new Set(roots.map((root) => root[2]))];
    const rows = this.statementFor(keys.length).all(...keys) as SpanRow[];
    const spansByKey = new Map<bigint, SpanRow[]>();
    for (const row of rows) {
      const list = spansByKey.get(row[0]);
      if (list === undefined) spansByKey.set(row[0], [row]);
      else list.push(row);
    }
    const traces: Trace[] = [];
    for (const root of roots) {
      const spanRows = spansByKey.get(root[2]);
      if (spanRows === undefined || !isFirstRoot(root, spanRows)) continue;
      const traceId = traceIdText(root[3]);
      traces.push(assembleTrace(traceId, spanRows.map((row) => decodeSpanRow(row, traceId))));
    }
    return traces;
  }

  /** Closes the connection. */
  close(): void {
    this.db.close();
  }
}
