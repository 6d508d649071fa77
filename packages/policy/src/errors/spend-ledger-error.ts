import { ClearstoneError } from '@clearstone/core';

const marker = 'clearstone.error.SpendLedgerError';
const symbol = Symbol.for(marker);

/** Stable codes of {@link SpendLedgerError}. */
export type SpendLedgerErrorCode = 'MISSING_DEPENDENCY' | 'LEDGER_FAILED' | 'LEDGER_CLOSED';

/**
 * Thrown by `SpendLedger`: `'MISSING_DEPENDENCY'` when the optional peer dependency
 * `better-sqlite3` is not installed, `'LEDGER_FAILED'` when the ledger file cannot be opened,
 * read or written, `'LEDGER_CLOSED'` when the ledger is used after `close()`.
 */
export class SpendLedgerError extends ClearstoneError {
  protected readonly [symbol] = true;

  declare readonly code: SpendLedgerErrorCode;

  constructor({ message, code, cause }: { message: string; code: SpendLedgerErrorCode; cause?: unknown }) {
    super({ message, code, cause });
    this.name = 'SpendLedgerError';
  }

  /** True only for SpendLedgerError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is SpendLedgerError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
