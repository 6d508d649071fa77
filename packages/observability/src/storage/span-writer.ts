import type Database from 'better-sqlite3';
import type { SpanRecord } from '@clearstone/core';
import { kindCode, statusCode } from './codes';
import { encodeSpanId, encodeTraceId } from './id-codec';
import { attributesToJson, eventsToJson, linksToJson } from './span-json';
import { BUSY_TIMEOUT_MS } from './pragmas';
import { clampStoredNs } from './time-bounds';
import { BLOCKED_FLAG, PAUSED_FLAG, governanceFlags } from './trace-flags';

const HEX_DIGIT = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) HEX_DIGIT['0123456789abcdef'.charCodeAt(digit)] = digit;
const ID_BYTES = new DataView(new ArrayBuffer(8));

/**
 * `encodeSpanId` for the writer's hot loop: a 16-hex-digit id is parsed as two 32-bit halves
 * without a regular expression or an intermediate string (a third of the time); anything else
 * goes to `encodeSpanId`.
 */
function storedSpanId(spanId: string): bigint | string {
  if (spanId.length !== 16) return encodeSpanId(spanId);
  let high = 0;
  let low = 0;
  for (let index = 0; index < 16; index++) {
    const code = spanId.charCodeAt(index);
    const digit = code < 128 ? HEX_DIGIT[code] : -1;
    if (digit < 0) return encodeSpanId(spanId);
    if (index < 8) high = (high << 4) | digit;
    else low = (low << 4) | digit;
  }
  ID_BYTES.setInt32(0, high);
  ID_BYTES.setInt32(4, low);
  return ID_BYTES.getBigInt64(0);
}

/**
 * Ids in stored form that a span can give without rendering them as text (the tracer's spans keep
 * their ids as random bytes): undefined when an id is only available as text.
 */
interface StoredIds {
  storedSpanId(): bigint | undefined;
  storedParentSpanId(): bigint | null | undefined;
  /** Whether `other` is a span of the same trace, found without rendering trace ids as text. */
  sameTraceAs(other: object): boolean;
}

function hasStoredIds(span: object): span is StoredIds {
  return typeof (span as Partial<StoredIds>).storedSpanId === 'function';
}

/** A span to store. `isRoot` marks the first span of a trace in this process (its parent, if any, is remote). */
export type WritableSpan = SpanRecord & { readonly isRoot?: boolean };

/**
 * Inserts spans in one `BEGIN IMMEDIATE` transaction per call. Re-writing a span id replaces the
 * stored row, so a batch retried after a failure never duplicates spans. Times outside the 64-bit
 * range (before 1677 or after 2262) are stored clamped to it. A span that shows a blocked or paused
 * governed call sets its trace's `blocked` / `paused` flag (flags are never cleared by a rewrite).
 */
export class SpanWriter {
  private readonly findTrace: Database.Statement;
  private readonly addTrace: Database.Statement;
  private readonly insertSpan: Database.Statement;
  private readonly insertPlainSpan: Database.Statement;
  private readonly flagTrace: Database.Statement;
  private readonly transaction: Database.Transaction<(spans: readonly WritableSpan[]) => void>;
  private readonly db: Database.Database;
  private readonly busyTimeouts = new Map<number, Database.Statement>();

  constructor(db: Database.Database) {
    this.db = db;
    // Every span's trace row is looked up or inserted in the same transaction just before the
    // span, so the reference from spans to traces holds by construction; SQLite's own check of it
    // (a b-tree lookup per span, on by default in better-sqlite3) is skipped on this connection.
    db.pragma('foreign_keys = OFF');
    this.findTrace = db.prepare('SELECT trace_key FROM traces WHERE trace_id = ?').pluck();
    // A new trace (the usual case) is added in one statement; an existing one yields no row.
    this.addTrace = db
      .prepare('INSERT INTO traces (trace_id) VALUES (?) ON CONFLICT (trace_id) DO NOTHING RETURNING trace_key')
      .pluck();
    this.insertSpan =
      db.prepare(`INSERT OR REPLACE INTO spans (span_id, trace_key, parent_span_id, is_root, name, kind, status, start_time_ns,
      end_time_ns, attributes, events, links, input, output, error_message, error_stack, instrumentation_name, instrumentation_version)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
    // Most spans have no events, links, snapshots or error: their row binds 12 values, not 18.
    this.insertPlainSpan =
      db.prepare(`INSERT OR REPLACE INTO spans (span_id, trace_key, parent_span_id, is_root, name, kind, status, start_time_ns,
      end_time_ns, attributes, instrumentation_name, instrumentation_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`);
    this.flagTrace = db.prepare(
      'UPDATE traces SET blocked = max(blocked, ?), paused = max(paused, ?) WHERE trace_key = ?',
    );
    this.transaction = db.transaction((spans: readonly WritableSpan[]) => this.insertAll(spans));
  }

  /**
   * Writes `spans` in one transaction; throws (writing nothing) when SQLite fails, e.g. SQLITE_BUSY
   * past the busy timeout: `busyTimeoutMs` for this write, else the connection's.
   */
  write(spans: readonly WritableSpan[], busyTimeoutMs?: number): void {
    if (spans.length === 0) return;
    if (busyTimeoutMs === undefined || busyTimeoutMs === BUSY_TIMEOUT_MS) {
      this.transaction.immediate(spans);
      return;
    }
    this.setBusyTimeout(busyTimeoutMs);
    try {
      this.transaction.immediate(spans);
    } finally {
      this.setBusyTimeout(BUSY_TIMEOUT_MS);
    }
  }

  private setBusyTimeout(milliseconds: number): void {
    let statement = this.busyTimeouts.get(milliseconds);
    if (statement === undefined) {
      statement = this.db.prepare(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(milliseconds))}`);
      this.busyTimeouts.set(milliseconds, statement);
    }
    statement.get();
  }

  private traceKey(traceId: string, keys: Map<string, unknown>): unknown {
    let key = keys.get(traceId);
    if (key === undefined) {
      const stored = encodeTraceId(traceId);
      key = this.addTrace.get(stored) ?? this.findTrace.get(stored);
      keys.set(traceId, key);
    }
    return key;
  }

  private insertAll(spans: readonly WritableSpan[]): void {
    // Trace keys are looked up once per trace per batch; not cached across batches, so traces
    // deleted meanwhile by another connection are recreated rather than referenced dangling.
    const keys = new Map<string, unknown>();
    // Spans of a trace, and children of a parent, mostly come together: the last trace key and
    // the last encoded parent id are reused.
    let lastSpan: WritableSpan | undefined;
    let lastTraceKey: unknown;
    let lastParent: string | undefined;
    let lastParentStored: bigint | string | null = null;
    for (const span of spans) {
      const fast = hasStoredIds(span);
      if (lastSpan === undefined || !(fast ? span.sameTraceAs(lastSpan) : span.traceId === lastSpan.traceId))
        lastTraceKey = this.traceKey(span.traceId, keys);
      lastSpan = span;
      const traceKey = lastTraceKey;
      let spanIdStored: bigint | string | undefined;
      let parentStored: bigint | string | null | undefined;
      if (fast) {
        spanIdStored = span.storedSpanId();
        parentStored = span.storedParentSpanId();
      }
      spanIdStored ??= storedSpanId(span.spanId);
      if (parentStored === undefined) {
        const parent = span.parentSpanId;
        if (parent !== lastParent) {
          lastParentStored = parent === undefined ? null : storedSpanId(parent);
          lastParent = parent;
        }
        parentStored = lastParentStored;
      }
      const isRoot = (span.isRoot ?? parentStored === null) ? 1 : 0;
      const input = span.input;
      const output = span.output;
      const events = span.events;
      const links = span.links;
      const errorMessage = span.errorMessage;
      const errorStack = span.errorStack;
      if (
        events.length === 0 &&
        links.length === 0 &&
        input === undefined &&
        output === undefined &&
        errorMessage === undefined &&
        errorStack === undefined
      ) {
        this.insertPlainSpan.run(
          spanIdStored,
          traceKey,
          parentStored,
          isRoot,
          span.name,
          kindCode(span.kind),
          statusCode(span.status),
          clampStoredNs(span.startTimeNs),
          clampStoredNs(span.endTimeNs ?? null),
          attributesToJson(span.attributes),
          span.instrumentationName,
          span.instrumentationVersion ?? null,
        );
      } else {
        this.insertSpan.run(
          spanIdStored,
          traceKey,
          parentStored,
          isRoot,
          span.name,
          kindCode(span.kind),
          statusCode(span.status),
          clampStoredNs(span.startTimeNs),
          clampStoredNs(span.endTimeNs ?? null),
          attributesToJson(span.attributes),
          eventsToJson(events),
          linksToJson(links),
          input === undefined ? null : JSON.stringify(input),
          output === undefined ? null : JSON.stringify(output),
          errorMessage ?? null,
          errorStack ?? null,
          span.instrumentationName,
          span.instrumentationVersion ?? null,
        );
      }
      const flags = governanceFlags(span.attributes, events);
      if (flags !== 0) this.flagTrace.run(flags & BLOCKED_FLAG ? 1 : 0, flags & PAUSED_FLAG ? 1 : 0, traceKey);
    }
  }
}
