import type Database from 'better-sqlite3';
import { SpanKind, SpanStatusCode, serialize } from '@clearstone/core';
import type { Snapshot } from '@clearstone/core';
import { SCHEMA_V2 } from './schema-v2';
import { encodeSpanId, encodeTraceId } from './id-codec';
import { isSpanKind, isSpanStatus, kindCode, statusCode } from './codes';

interface LegacyRow {
  span_id: string;
  trace_id: string;
  parent_span_id: string | null;
  name: string;
  kind: string;
  start_time_ns: bigint;
  end_time_ns: bigint | null;
  status: string;
  attributes_json: string | null;
  input_snapshot_json: string | null;
  output_snapshot_json: string | null;
  error_message: string | null;
  instrumentation_name: string;
  instrumentation_version: string;
}

// Version 1 stored snapshots as free-form JSON dicts, and a missing one as the text 'null'.
function legacySnapshot(json: string | null): string | null {
  if (json === null || json === 'null' || json === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = json;
  }
  const data = serialize(value);
  const snapshot: Snapshot = { captured: true, data, sizeBytes: Buffer.byteLength(data, 'utf8') };
  return JSON.stringify(snapshot);
}

function legacyAttributes(json: string | null): string | null {
  if (json === null || json === '' || json === '{}' || json === 'null') return null;
  return json;
}

/**
 * Migrates a version 1 database (Python SDK) to version 2: the old table is renamed, its rows are
 * converted (text ids to compact ids, enum names to codes, snapshots to `Snapshot` envelopes) into
 * the new tables, and it is dropped — all in the caller's transaction.
 */
export function migrateV1ToV2(db: Database.Database): void {
  db.exec(
    'ALTER TABLE spans RENAME TO spans_v1; DROP INDEX IF EXISTS idx_spans_trace_id; DROP INDEX IF EXISTS idx_spans_start_time;',
  );
  db.exec(SCHEMA_V2);
  const spanIds = new Set<string>(db.prepare('SELECT span_id FROM spans_v1').pluck().all() as string[]);
  const addTrace = db.prepare('INSERT INTO traces (trace_id) VALUES (?)');
  const insert =
    db.prepare(`INSERT INTO spans (span_id, trace_key, parent_span_id, is_root, name, kind, status, start_time_ns, end_time_ns,
    attributes, input, output, error_message, instrumentation_name, instrumentation_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const traceKeys = new Map<string, number | bigint>();
  const rows = db.prepare('SELECT * FROM spans_v1 ORDER BY start_time_ns').safeIntegers(true).all() as LegacyRow[];
  for (const row of rows) {
    let traceKey = traceKeys.get(row.trace_id);
    if (traceKey === undefined) {
      traceKey = addTrace.run(encodeTraceId(row.trace_id)).lastInsertRowid;
      traceKeys.set(row.trace_id, traceKey);
    }
    const parent = row.parent_span_id === null || row.parent_span_id === '' ? null : row.parent_span_id;
    const kind = isSpanKind(row.kind) ? row.kind : SpanKind.INTERNAL;
    const status = isSpanStatus(row.status) ? row.status : SpanStatusCode.UNSET;
    insert.run(
      encodeSpanId(row.span_id),
      traceKey,
      parent === null ? null : encodeSpanId(parent),
      parent === null || !spanIds.has(parent) ? 1 : 0,
      row.name,
      kindCode(kind),
      statusCode(status),
      row.start_time_ns,
      row.end_time_ns,
      legacyAttributes(row.attributes_json),
      legacySnapshot(row.input_snapshot_json),
      legacySnapshot(row.output_snapshot_json),
      row.error_message,
      row.instrumentation_name,
      row.instrumentation_version,
    );
  }
  db.exec('DROP TABLE spans_v1');
}
