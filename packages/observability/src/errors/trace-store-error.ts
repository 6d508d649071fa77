import { ClearstoneError } from '@clearstone/core';

const marker = 'clearstone.error.TraceStoreError';
const symbol = Symbol.for(marker);

/**
 * Codes of {@link TraceStoreError}:
 * - `'DATABASE_NOT_FOUND'`: the file does not exist and the store was opened read-only;
 * - `'NOT_A_CLEARSTONE_DATABASE'`: the file is not SQLite, or is an SQLite database without Clearstone's tables;
 * - `'DATABASE_NOT_WRITABLE'`: the file or its directory cannot be created or written (permissions, read-only or full file system);
 * - `'CORRUPT_DATABASE'`: the file is an SQLite database whose pages are damaged;
 * - `'UNSUPPORTED_SCHEMA_VERSION'`: the database was written by a newer Clearstone with a schema this version cannot read;
 * - `'STORE_CLOSED'`: the store was used after `close()`;
 * - `'NO_TRACE_STORE'`: the provider was created with `dbPath: null`.
 */
export type TraceStoreErrorCode =
  | 'DATABASE_NOT_FOUND'
  | 'NOT_A_CLEARSTONE_DATABASE'
  | 'DATABASE_NOT_WRITABLE'
  | 'CORRUPT_DATABASE'
  | 'UNSUPPORTED_SCHEMA_VERSION'
  | 'STORE_CLOSED'
  | 'NO_TRACE_STORE';

/** Thrown when a trace database cannot be opened or used. */
export class TraceStoreError extends ClearstoneError {
  protected readonly [symbol] = true;

  declare readonly code: TraceStoreErrorCode;

  /** Path of the database file concerned. */
  readonly path: string;

  constructor({
    message,
    code,
    path,
    cause,
  }: {
    message: string;
    code: TraceStoreErrorCode;
    path: string;
    cause?: unknown;
  }) {
    super({ message, code, cause });
    this.name = 'TraceStoreError';
    this.path = path;
  }

  /** True only for TraceStoreError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is TraceStoreError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
