import { ClearstoneError } from '@clearstone/core';

const marker = 'clearstone.error.GovernanceStoreError';
const symbol = Symbol.for(marker);

/** Stable codes of {@link GovernanceStoreError}. */
export type GovernanceStoreErrorCode =
  'MISSING_DEPENDENCY' | 'STORE_FAILED' | 'STORE_UNAVAILABLE' | 'STORE_CLOSED' | 'CORRUPT_RECORD';

/**
 * Thrown by a `GovernanceStore`: `'MISSING_DEPENDENCY'` when the client library it needs
 * (`better-sqlite3`, `redis` or `ioredis`) is not installed, `'STORE_FAILED'` when the store
 * cannot be opened, read or written, `'STORE_UNAVAILABLE'` when a networked store does not answer
 * (down, unreachable, timed out), `'STORE_CLOSED'` when it is used after `close()`, and
 * `'CORRUPT_RECORD'` when a stored record cannot be read back.
 */
export class GovernanceStoreError extends ClearstoneError {
  protected readonly [symbol] = true;

  declare readonly code: GovernanceStoreErrorCode;

  constructor({ message, code, cause }: { message: string; code: GovernanceStoreErrorCode; cause?: unknown }) {
    super({ message, code, cause });
    this.name = 'GovernanceStoreError';
  }

  /** True only for GovernanceStoreError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is GovernanceStoreError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
