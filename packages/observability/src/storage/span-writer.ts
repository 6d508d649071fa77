import type Database from 'better-sqlite3';
import type { SpanRecord } from '@clearstone/core';
import { kindCode, statusCode } from './codes';
import { encodeSpanId, encodeTraceId } from './id-codec';
import { attributesToJson, eventsToJson, linksToJson } from './span-json';

/** A span to store. `isRoot` marks the first span of a trace in this process (its parent, if any, is remote). */
export type WritableSpan = SpanRecord & { readonly isRoot?: boolean };

/**
 * Inserts spans in one `BEGIN IMMEDIATE` transaction per call. Re-writing a span id replaces the
 * stored row, so a batch retried after a failure never duplicates spans.
 */
export class SpanWriter {
  private readonly findTrace: Database.Statement;
  private readonly addTrace: Database.Statement;
  private readonly insertSpan: Database.Statement;
  private readonly transaction: Database.Transaction<(spans: readonly WritableSpan[]) => void>;

  constructor(db: Database.Database) {
    this.findTrace = db.prepare('SELECT trace_key FROM traces WHERE trace_id = ?').pluck();
    this.addTrace = db.prepare('INSERT INTO traces (trace_id) VALUES (?)');
    this.insertSpan = db.prepare(`INSERT OR REPLACE INTO spans (span_id, trace_key, parent_span_id, is_root, name, kind, status, start_time_ns,
      end_time_ns, attributes, events, links, input, output, error_message, error_stack, instrumentation_name, instrumentation_version)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
    this.transaction = db.transaction((spans: readonly WritableSpan[]) => this.insertAll(spans));
  }

  /** Writes `spans` in one transaction; throws (writing nothing) when SQLite fails, e.g. SQLITE_BUSY past the timeout. */
  write(spans: readonly WritableSpan[]): void {
    if (spans.length > 0) this.transaction.immediate(spans);
  }

  private traceKey(traceId: string, keys: Map<string, unknown>): unknown {
    let key = keys.get(traceId);
    if (key === undefined) {
      const stored = encodeTraceId(traceId);
      key = this.findTrace.get(stored) ?? this.addTrace.run(stored).lastInsertRowid;
      keys.set(traceId, key);
    }
    return key;
  }

  private insertAll(spans: readonly WritableSpan[]): void {
    // Trace keys are looked up once per trace per batch; not cached across batches, so traces
    // deleted meanwhile by another connection are recreated rather than referenced dangling.
    const keys = new Map<string, unknown>();
    for (const span of spans) {
      const parent = span.parentSpanId;
      const input = span.input;
      const output = span.output;
      this.insertSpan.run(
        encodeSpanId(span.spanId),
        this.traceKey(span.traceId, keys),
        parent === undefined ? null : encodeSpanId(parent),
        (span.isRoot ?? parent === undefined) ? 1 : 0,
        span.name,
        kindCode(span.kind),
        statusCode(span.status),
        span.startTimeNs,
        span.endTimeNs ?? null,
        attributesToJson(span.attributes),
        eventsToJson(span.events),
        linksToJson(span.links),
        input === undefined ? null : JSON.stringify(input),
        output === undefined ? null : JSON.stringify(output),
        span.errorMessage ?? null,
        span.errorStack ?? null,
        span.instrumentationName,
        span.instrumentationVersion ?? null,
      );
    }
  }
}
