import { ClearstoneError } from '@clearstone/core';

const marker = 'clearstone.error.InterventionError';
const symbol = Symbol.for(marker);

/** Stable codes of {@link InterventionError}. */
export type InterventionErrorCode = 'INTERVENTION_NOT_FOUND' | 'INTERVENTION_STORE_FAILED';

/**
 * Thrown for an unknown intervention id (`'INTERVENTION_NOT_FOUND'`) or a store that cannot be
 * read or written (`'INTERVENTION_STORE_FAILED'`).
 */
export class InterventionError extends ClearstoneError {
  protected readonly [symbol] = true;

  declare readonly code: InterventionErrorCode;

  constructor({ message, code, cause }: { message: string; code: InterventionErrorCode; cause?: unknown }) {
    super({ message, code, cause });
    this.name = 'InterventionError';
  }

  /** True only for InterventionError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is InterventionError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
