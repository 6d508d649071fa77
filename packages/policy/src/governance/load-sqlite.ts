import { createRequire } from 'node:module';
import { join } from 'node:path';
import { GovernanceStoreError } from '../errors/governance-store-error';

/** The parts of a better-sqlite3 statement the SQLite store uses. */
export interface SqliteStatement {
  run(...parameters: unknown[]): { changes: number };
  get(...parameters: unknown[]): unknown;
  all(...parameters: unknown[]): unknown[];
}

/** The parts of a better-sqlite3 database the SQLite store uses. */
export interface SqliteDatabase {
  pragma(source: string): unknown;
  exec(source: string): unknown;
  prepare(source: string): SqliteStatement;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): { immediate(...args: A): R };
  close(): unknown;
}

/** The better-sqlite3 constructor. */
export type SqliteConstructor = new (path: string, options?: { timeout?: number }) => SqliteDatabase;

/** The optional peer dependency the SQLite store keeps its file with. */
export const SQLITE_PACKAGE = 'better-sqlite3';

let loaded: SqliteConstructor | undefined;

function localRequire(): NodeJS.Require {
  // __filename exists in the CommonJS build and is provided to the ESM build; when the sources run
  // directly as ES modules, resolve from the working directory.
  return createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'));
}

/**
 * Loads `better-sqlite3` on first use, so `@clearstone/policy` never loads it unless a
 * `SqliteGovernanceStore` (or a `SpendLedger`) is made.
 *
 * @throws GovernanceStoreError `'MISSING_DEPENDENCY'` when it is not installed.
 */
export function loadSqlite(who = 'SqliteGovernanceStore'): SqliteConstructor {
  if (loaded !== undefined) return loaded;
  try {
    loaded = localRequire()(SQLITE_PACKAGE) as SqliteConstructor;
    return loaded;
  } catch (error) {
    throw new GovernanceStoreError({
      code: 'MISSING_DEPENDENCY',
      message: `${who} needs the optional peer dependency ${SQLITE_PACKAGE}, which could not be loaded (${(error as Error).message.split('\n')[0]}). Install it: npm install ${SQLITE_PACKAGE}`,
      cause: error,
    });
  }
}
