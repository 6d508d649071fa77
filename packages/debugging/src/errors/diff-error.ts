import { ClearstoneError } from '@clearstone/core';

const marker = 'clearstone.error.DiffError';
const symbol = Symbol.for(marker);

/**
 * Codes of {@link DiffError}:
 * - `'INVALID_TRACE'`: a run to compare is not a recorded trace (no trace id, start time or spans);
 * - `'INVALID_OPTION'`: a malformed comparison option.
 */
export type DiffErrorCode = 'INVALID_TRACE' | 'INVALID_OPTION';

/**
 * Thrown when two runs cannot be compared.
 *
 * @example
 * ```ts
 * try {
 *   compareRuns(before, after);
 * } catch (error) {
 *   if (DiffError.isInstance(error)) console.error(error.code, error.message);
 * }
 * ```
 */
export class DiffError extends ClearstoneError {
  protected readonly [symbol] = true;

  declare readonly code: DiffErrorCode;

  constructor({ message, code, cause }: { message: string; code: DiffErrorCode; cause?: unknown }) {
    super({ message, code, cause });
    this.name = 'DiffError';
  }

  /** True only for DiffError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is DiffError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
