import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TraceStoreError } from '../errors';
import { runMigrations } from './migrations';
import { applyPragmas } from './pragmas';
import { CURRENT_SCHEMA, OLDEST_READ_ONLY_VERSION, SCHEMA_VERSION } from './schema';
import { translateSqliteError } from './sqlite-errors';

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /**
   * Open for reading only: the file must exist, at the current schema or one a read-only store
   * still reads (`OLDEST_READ_ONLY_VERSION`); older files must be opened once for writing to migrate.
   */
  readonly?: boolean;
}

function tableNames(db: Database.Database): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
}

function columnNames(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((column) => column.name);
}

/** The schema version of an open database: 0 when empty, 1 for the Python SDK's files, else user_version. */
function detectVersion(db: Database.Database, path: string): number {
  const userVersion = Number(db.pragma('user_version', { simple: true }));
  const tables = tableNames(db);
  if (userVersion === 0) {
    if (tables.length === 0) return 0;
    if (tables.includes('spans') && columnNames(db, 'spans').includes('attributes_json')) return 1;
  } else if (tables.includes('spans') && tables.includes('traces')) {
    return userVersion;
  }
  throw new TraceStoreError({
    message: `${path} is an SQLite database but not a Clearstone trace database (tables: ${tables.join(', ') || 'none'}).`,
    code: 'NOT_A_CLEARSTONE_DATABASE',
    path,
  });
}

function prepareSchema(db: Database.Database, path: string, readonly: boolean): void {
  const version = detectVersion(db, path);
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION) {
    throw new TraceStoreError({
      message: `${path} uses trace schema version ${version}; this version of @clearstone/observability reads up to ${SCHEMA_VERSION}. Upgrade the package.`,
      code: 'UNSUPPORTED_SCHEMA_VERSION',
      path,
    });
  }
  if (readonly && version >= OLDEST_READ_ONLY_VERSION) return;
  if (readonly) {
    const message =
      version === 0
        ? `${path} is empty, not a Clearstone trace database.`
        : `${path} uses trace schema version ${version}; open it once without readonly to migrate it to version ${SCHEMA_VERSION}.`;
    throw new TraceStoreError({
      message,
      code: version === 0 ? 'NOT_A_CLEARSTONE_DATABASE' : 'UNSUPPORTED_SCHEMA_VERSION',
      path,
    });
  }
  // Another process may be creating or migrating the same file: take the write lock, then look again.
  db.transaction(() => {
    const current = detectVersion(db, path);
    if (current === 0) {
      db.exec(CURRENT_SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    } else if (current < SCHEMA_VERSION) {
      runMigrations(db, current);
    }
  }).immediate();
}

/**
 * Opens (creating unless read-only) a Clearstone trace database: WAL mode, busy timeout, schema
 * created or migrated to the current version. Unusable files raise a {@link TraceStoreError}.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database.Database {
  const readonly = options.readonly === true;
  let db: Database.Database | undefined;
  try {
    if (path !== ':memory:' && !existsSync(path)) {
      if (readonly)
        throw new TraceStoreError({ message: `Trace database not found: ${path}`, code: 'DATABASE_NOT_FOUND', path });
      mkdirSync(dirname(path), { recursive: true });
    }
    db = new Database(path, { readonly, fileMustExist: readonly });
    applyPragmas(db, readonly);
    prepareSchema(db, path, readonly);
    return db;
  } catch (error) {
    db?.close();
    throw notWritable(error, path) ?? translateSqliteError(error, path);
  }
}

const NOT_WRITABLE =
  /^(SQLITE_READONLY|SQLITE_CANTOPEN|SQLITE_PERM|SQLITE_FULL|SQLITE_IOERR|EACCES|EPERM|EROFS|ENOSPC|ENOTDIR|EISDIR|EEXIST|ENAMETOOLONG|ELOOP|EIO)/;

/** A TraceStoreError for a file or directory that cannot be created or written, else undefined. */
function notWritable(error: unknown, path: string): TraceStoreError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !NOT_WRITABLE.test(code)) return undefined;
  return new TraceStoreError({
    message: `Cannot open the trace database ${path} for writing (${code}: ${(error as Error).message}).`,
    code: 'DATABASE_NOT_WRITABLE',
    path,
    cause: error,
  });
}
