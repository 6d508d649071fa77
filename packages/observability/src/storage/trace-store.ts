import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { InvalidArgumentError, SpanStatusCode } from '@clearstone/core';
import type { SpanRecord, Trace, TraceSummary } from '@clearstone/core';
import { TraceStoreError } from '../errors';
import { assembleTrace } from './assemble-trace';
import { statusFromCode } from './codes';
import { decodeSpanId, decodeTraceId, encodeSpanId, encodeTraceId } from './id-codec';
import { openDatabase } from './open-database';
import type {
  AttributeValueCount,
  AttributeValueCountsQuery,
  IterateTracesQuery,
  ListTracesQuery,
  QuerySpansQuery,
  TraceQuery,
  TraceStoreOptions,
  WriteSpansOptions,
} from './query-types';
import { SPAN_COLUMNS } from './schema';
import { translateSqliteError } from './sqlite-errors';
import { rowToRecord } from './span-row';
import type { SpanRow } from './span-row';
import { SpanWriter } from './span-writer';
import {
  addTimeBound,
  buildCountTraces,
  buildListTraces,
  buildQuerySpans,
  buildRootAttributeValueCounts,
  buildTraceFilter,
} from './trace-queries';
import { pageBound } from './span-filters';
import type { SqlFilter } from './span-filters';
import { flagColumnsOf } from './stored-flags';
import type { FlagColumns } from './stored-flags';
import { tracePages } from './trace-pages';
import { timeInputToNs } from './time-input';
import type { TimeInput } from './time-input';

interface SummaryRow {
  span_id: bigint | string;
  trace_id: Buffer | string;
  name: string;
  status: bigint;
  start_time_ns: bigint;
  end_time_ns: bigint | null;
  span_count: bigint;
  has_error: bigint;
  blocked: bigint;
  paused: bigint;
}

/** Traces read at a time by {@link TraceStore.iterateTraces} unless `pageSize` says otherwise. */
const DEFAULT_PAGE_SIZE = 256;

/** Device and inode of a file, or undefined when it does not exist (or is not a file on disk). */
function fileIdentity(path: string): string | undefined {
  if (path === ':memory:' || path === '') return undefined;
  try {
    const stats = statSync(path, { bigint: true, throwIfNoEntry: false });
    return stats === undefined ? undefined : `${stats.dev}:${stats.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Reads and maintains a Clearstone trace database (SQLite, WAL mode). Usable on its own, for
 * example to inspect traces recorded by another process while it is still writing.
 *
 * @example
 * ```ts
 * const store = new TraceStore('traces.db', { readonly: true });
 * for (const summary of store.listTraces({ limit: 10, status: SpanStatusCode.ERROR })) {
 *   const trace = store.getTrace(summary.traceId);
 *   console.log(summary.name, trace?.spans.length);
 * }
 * store.close();
 * ```
 */
export class TraceStore {
  /** Path of the database file. */
  readonly dbPath: string;
  private database: Database.Database | undefined;
  private flags: FlagColumns;
  private writer: SpanWriter | undefined;
  private readonly options: TraceStoreOptions;
  private identity: string | undefined;
  private reopenError: Error | undefined;
  private closedByUser = false;

  /** Opens `dbPath` (default `clearstone_traces.db`), creating or migrating it unless `readonly`. */
  constructor(dbPath = 'clearstone_traces.db', options: TraceStoreOptions = {}) {
    this.dbPath = dbPath;
    this.options = { ...options };
    this.database = openDatabase(dbPath, options);
    try {
      this.flags = flagColumnsOf(this.database);
    } catch (error) {
      this.database.close();
      throw translateSqliteError(error, dbPath);
    }
    this.identity = fileIdentity(dbPath);
  }

  private get db(): Database.Database {
    if (this.reopenError !== undefined) throw this.reopenError;
    if (this.database === undefined)
      throw new TraceStoreError({
        message: `The trace store for ${this.dbPath} is closed.`,
        code: 'STORE_CLOSED',
        path: this.dbPath,
      });
    return this.database;
  }

  /**
   * Whether the file at `dbPath` is still the one this store opened. False when it was deleted or
   * replaced meanwhile: SQLite keeps using the unlinked file, so writes would be lost. One `stat`.
   */
  isFileCurrent(): boolean {
    return this.identity === undefined || this.database === undefined || fileIdentity(this.dbPath) === this.identity;
  }

  /**
   * Reopens `dbPath` when the file was deleted or replaced since it was opened (see
   * {@link isFileCurrent}): a deleted file is created again, schema included. Returns true when it
   * reopened. If the new file cannot be opened, the `TraceStoreError` is thrown, and thrown again
   * by every later call.
   */
  reopenIfReplaced(): boolean {
    if (this.isFileCurrent()) return false;
    // The old connection is closed first: closing it removes its -wal and -shm files by name.
    try {
      this.database?.close();
    } catch {
      // The old file is gone; nothing left to release.
    }
    this.database = undefined;
    this.writer = undefined;
    try {
      this.database = openDatabase(this.dbPath, this.options);
      this.flags = flagColumnsOf(this.database);
      this.identity = fileIdentity(this.dbPath);
    } catch (error) {
      this.reopenError = error instanceof Error ? error : new Error(String(error));
      throw error;
    }
    return true;
  }

  private run<T>(operation: (db: Database.Database) => T): T {
    try {
      return operation(this.db);
    } catch (error) {
      throw translateSqliteError(error, this.dbPath);
    }
  }

  private selectSpans(sql: string, parameters: unknown[]): SpanRecord[] {
    return this.run((db) =>
      (
        db
          .prepare(sql)
          .raw(true)
          .safeIntegers(true)
          .all(...parameters) as SpanRow[]
      ).map(rowToRecord),
    );
  }

  /** The trace with this id, spans in start order, or undefined when no span of it is stored. */
  getTrace(traceId: string): Trace | undefined {
    const spans = this.selectSpans(
      `SELECT ${SPAN_COLUMNS} FROM traces t JOIN spans s ON s.trace_key = t.trace_key WHERE t.trace_id = ? ORDER BY s.start_time_ns, s.id`,
      [encodeTraceId(traceId)],
    );
    return assembleTrace(traceId, spans);
  }

  /** The span with this id, or undefined. */
  getSpan(spanId: string): SpanRecord | undefined {
    return this.selectSpans(
      `SELECT ${SPAN_COLUMNS} FROM spans s JOIN traces t ON t.trace_key = s.trace_key WHERE s.span_id = ?`,
      [encodeSpanId(spanId)],
    )[0];
  }

  /**
   * Trace summaries, newest first (by root start, ties in recording order), filtered and paged.
   * Each says whether the trace holds a block (`blocked`) or a pause (`paused`).
   */
  listTraces(query: ListTracesQuery = {}): TraceSummary[] {
    const { sql, parameters } = buildListTraces(query, this.flags);
    const rows = this.run(
      (db) =>
        db
          .prepare(sql)
          .safeIntegers(true)
          .all(...parameters) as SummaryRow[],
    );
    return rows.map((row) => {
      const summary: TraceSummary = {
        traceId: decodeTraceId(row.trace_id),
        rootSpanId: decodeSpanId(row.span_id),
        name: row.name,
        startTimeNs: row.start_time_ns,
        status: row.has_error === 1n ? SpanStatusCode.ERROR : statusFromCode(row.status),
        spanCount: Number(row.span_count),
        blocked: row.blocked === 1n,
        paused: row.paused === 1n,
      };
      if (row.end_time_ns !== null) {
        summary.endTimeNs = row.end_time_ns;
        summary.durationNs = row.end_time_ns - row.start_time_ns;
      }
      return summary;
    });
  }

  /** The number of traces {@link listTraces} would list for these filters, without a limit. */
  countTraces(query: TraceQuery = {}): number {
    const { sql, parameters } = buildCountTraces(query, this.flags);
    return this.run((db) =>
      Number(
        db
          .prepare(sql)
          .pluck()
          .get(...parameters),
      ),
    );
  }

  /**
   * The values the root spans of the traces matching the filters hold for attribute `key` (for
   * example the users or sessions of the traces), each with its number of traces, the most
   * frequent first (ties by value), at most `limit` (default 20). Roots without the attribute are
   * not counted.
   *
   * @example
   * ```ts
   * const users = store.countRootAttributeValues(ClearstoneAttributes.USER_ID, { status: SpanStatusCode.ERROR });
   * // [{ value: 'u_42', traces: 17 }, …]
   * ```
   */
  countRootAttributeValues(key: string, query: AttributeValueCountsQuery = {}): AttributeValueCount[] {
    const { sql, parameters } = buildRootAttributeValueCounts(key, query, this.flags);
    const rows = this.run(
      (db) => db.prepare(sql).all(...parameters) as Array<{ value: string | number; traces: number }>,
    );
    return rows.map((row) => ({ value: row.value, traces: row.traces }));
  }

  /**
   * Streams whole traces matching the filters (spans in start order, as {@link getTrace} returns
   * them) in the order of {@link listTraces}: newest first by root start. Reads `pageSize` traces
   * (default 256) at a time, so memory stays proportional to the page, not to the database. With
   * `spanFields: 'replay'` it reads only what a replay of the recorded calls needs (no output
   * snapshots, events, links, errors or instrumentation scope: see `SpanFieldSelection`), which a backtest
   * reads faster. Bad filters throw here, at the call; SQLite errors and `STORE_CLOSED` while iterating.
   *
   * @example
   * ```ts
   * for (const trace of store.iterateTraces({ blocked: true, since: Date.now() - 86_400_000 })) {
   *   console.log(trace.traceId, trace.spans.length);
   * }
   * ```
   */
  iterateTraces(query: IterateTracesQuery = {}): Generator<Trace, void, undefined> {
    const filter = buildTraceFilter(query, this.flags);
    const pageSize = pageBound(query.pageSize, DEFAULT_PAGE_SIZE, 'pageSize');
    if (pageSize < 1) throw new InvalidArgumentError({ message: 'pageSize must be at least 1.', argument: 'pageSize' });
    const spanFields = query.spanFields ?? 'full';
    if (spanFields !== 'full' && spanFields !== 'replay') {
      throw new InvalidArgumentError({
        message: `spanFields must be 'full' or 'replay' (got ${String(spanFields)}).`,
        argument: 'spanFields',
      });
    }
    return tracePages((operation) => this.run(operation), filter, pageSize, spanFields);
  }

  /** Spans matching every given filter, in start order, paged (default limit 1000). */
  querySpans(query: QuerySpansQuery = {}): SpanRecord[] {
    const { sql, parameters } = buildQuerySpans(query);
    return this.selectSpans(sql, parameters);
  }

  /**
   * Stores spans in one transaction (replacing any stored span with the same id). Times outside
   * the storable range (1677–2262) are clamped to it.
   */
  writeSpans(spans: readonly SpanRecord[], options: WriteSpansOptions = {}): void {
    this.run((db) => (this.writer ??= new SpanWriter(db)).write(spans, options.busyTimeoutMs));
  }

  /**
   * Deletes every trace that started (earliest span) before `time` — epoch ns as bigint, epoch ms
   * as number, or a Date. Returns the number of traces deleted.
   */
  deleteTracesBefore(time: TimeInput): number {
    const bound: SqlFilter = { conditions: [], parameters: [] };
    addTimeBound(bound, 'min(start_time_ns)', '<', timeInputToNs(time, 'time'));
    return this.run((db) =>
      db
        .transaction(() => {
          db.exec(
            'CREATE TEMP TABLE IF NOT EXISTS expired_traces (trace_key INTEGER PRIMARY KEY); DELETE FROM expired_traces;',
          );
          const { changes } = db
            .prepare(
              `INSERT INTO expired_traces SELECT trace_key FROM spans GROUP BY trace_key HAVING ${bound.conditions[0]}`,
            )
            .run(...bound.parameters);
          db.exec(
            'DELETE FROM spans WHERE trace_key IN expired_traces; DELETE FROM traces WHERE trace_key IN expired_traces; DELETE FROM expired_traces;',
          );
          return changes;
        })
        .immediate(),
    );
  }

  /** True once {@link close} was called: reads and writes throw `STORE_CLOSED` from then on. */
  get closed(): boolean {
    return this.closedByUser;
  }

  /** Closes the database connection; later calls throw a `STORE_CLOSED` error. Idempotent. */
  close(): void {
    this.closedByUser = true;
    this.database?.close();
    this.database = undefined;
    this.writer = undefined;
    this.reopenError = undefined;
  }
}
