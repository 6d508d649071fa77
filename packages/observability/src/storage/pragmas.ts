import type Database from 'better-sqlite3';

/** Milliseconds a writer waits for another connection's write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/** Applies the connection settings every Clearstone connection uses. */
export function applyPragmas(db: Database.Database, readonly: boolean): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  // 64 MiB of page cache: the span indexes stay in memory while batches are written.
  db.pragma('cache_size = -65536');
}
