import { ClearstoneError } from '@clearstone/core';

const marker = 'clearstone.error.HarnessError';
const symbol = Symbol.for(marker);

/**
 * Codes of {@link HarnessError}:
 * - `'HARNESS_CLOSED'`: the harness was used after `close()`;
 * - `'NO_TRACE_DATABASE'`: traces were queried from a harness created without a database.
 */
export type HarnessErrorCode = 'HARNESS_CLOSED' | 'NO_TRACE_DATABASE';

/**
 * Thrown when a {@link PolicyTestHarness} cannot serve a request. A missing file or one that is
 * not a Clearstone trace database raises `TraceStoreError` (`DATABASE_NOT_FOUND`,
 * `NOT_A_CLEARSTONE_DATABASE`, …) from `@clearstone/observability` instead.
 */
export class HarnessError extends ClearstoneError {
  protected readonly [symbol] = true;

  declare readonly code: HarnessErrorCode;

  constructor({ message, code, cause }: { message: string; code: HarnessErrorCode; cause?: unknown }) {
    super({ message, code, cause });
    this.name = 'HarnessError';
  }

  /** True only for HarnessError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is HarnessError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
