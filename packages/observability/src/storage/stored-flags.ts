import type Database from 'better-sqlite3';
import { attributesFromJson, eventsFromJson } from './span-json';
import { BLOCKED_FLAG, FLAG_MARKERS, PAUSED_FLAG, governanceFlags } from './trace-flags';

/** SQL expressions, 0 or 1, for whether the trace aliased `t` holds a block and a pause. */
export interface FlagColumns {
  /** Whether the trace holds a block. */
  blocked: string;
  /** Whether the trace holds a pause. */
  paused: string;
}

/** The flag columns of the `traces` table (schema version 3 on). */
export const STORED_FLAG_COLUMNS: FlagColumns = Object.freeze({ blocked: 't.blocked', paused: 't.paused' });

/**
 * Flags of every trace that holds a block or a pause, by trace key, computed from its stored spans
 * with {@link governanceFlags}. Only spans whose JSON mentions a flag's attribute or event are
 * decoded.
 */
export function scanStoredFlags(db: Database.Database): Map<number, number> {
  const conditions = [
    ...FLAG_MARKERS.attributes.map(() => 'instr(attributes, ?) > 0'),
    ...FLAG_MARKERS.events.map(() => 'instr(events, ?) > 0'),
  ];
  const rows = db
    .prepare(`SELECT trace_key, attributes, events FROM spans WHERE ${conditions.join(' OR ')}`)
    .raw(true)
    .iterate(...FLAG_MARKERS.attributes, ...FLAG_MARKERS.events) as IterableIterator<
    [traceKey: number, attributes: string | null, events: string | null]
  >;
  const flags = new Map<number, number>();
  for (const [traceKey, attributes, events] of rows) {
    const found = governanceFlags(attributesFromJson(attributes), eventsFromJson(events));
    if (found !== 0) flags.set(traceKey, (flags.get(traceKey) ?? 0) | found);
  }
  return flags;
}

/** Writes `flags` (from {@link scanStoredFlags}) with `statement`, bound as (blocked, paused, traceKey). */
export function writeFlags(statement: Database.Statement, flags: ReadonlyMap<number, number>): void {
  for (const [traceKey, found] of flags) {
    statement.run(found & BLOCKED_FLAG ? 1 : 0, found & PAUSED_FLAG ? 1 : 0, traceKey);
  }
}

/**
 * Schema version 2 → 3: adds the `blocked` and `paused` columns of `traces` and backfills them
 * from the stored spans, in the caller's transaction.
 */
export function migrateV2ToV3(db: Database.Database): void {
  db.exec(
    'ALTER TABLE traces ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0; ALTER TABLE traces ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;',
  );
  writeFlags(db.prepare('UPDATE traces SET blocked = ?, paused = ? WHERE trace_key = ?'), scanStoredFlags(db));
}

/**
 * The flag columns to query on `db`. A version 2 file opened read-only has none and cannot be
 * migrated: its flags are computed once, on opening, into a temporary table of this connection
 * (spans written later by another connection are not reflected until it is opened again).
 */
export function flagColumnsOf(db: Database.Database): FlagColumns {
  if (Number(db.pragma('user_version', { simple: true })) >= 3) return STORED_FLAG_COLUMNS;
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS computed_trace_flags
    (trace_key INTEGER PRIMARY KEY, blocked INTEGER NOT NULL, paused INTEGER NOT NULL);
    DELETE FROM temp.computed_trace_flags;`);
  writeFlags(
    db.prepare('INSERT INTO temp.computed_trace_flags (blocked, paused, trace_key) VALUES (?, ?, ?)'),
    scanStoredFlags(db),
  );
  const column = (name: string): string =>
    `coalesce((SELECT f.${name} FROM temp.computed_trace_flags f WHERE f.trace_key = t.trace_key), 0)`;
  return { blocked: column('blocked'), paused: column('paused') };
}
