import { TraceStoreError } from '../errors';

/** SQLite result codes (as better-sqlite3 reports them) that mean the file itself is unusable. */
export function translateSqliteError(error: unknown, path: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_NOTADB') {
    return new TraceStoreError({
      message: `${path} is not an SQLite database, so it cannot hold Clearstone traces.`,
      code: 'NOT_A_CLEARSTONE_DATABASE',
      path,
      cause: error,
    });
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT')) {
    return new TraceStoreError({
      message: `The trace database ${path} is corrupt (${(error as Error).message}).`,
      code: 'CORRUPT_DATABASE',
      path,
      cause: error,
    });
  }
  return error;
}

/** Whether `error` is SQLite reporting a lock held by another connection past the busy timeout. */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
