import { ClearstoneError } from '@clearstone/core';

const marker = 'clearstone.error.PolicyValidationError';
const symbol = Symbol.for(marker);

/**
 * A policy failed a {@link PolicyValidator} check; the message says which and why.
 * Code: `'POLICY_VALIDATION_FAILED'`.
 */
export class PolicyValidationError extends ClearstoneError {
  protected readonly [symbol] = true;

  /** The check that failed. */
  readonly check: 'determinism' | 'performance' | 'exceptionSafety';

  constructor({ message, check, cause }: { message: string; check: PolicyValidationError['check']; cause?: unknown }) {
    super({ message, code: 'POLICY_VALIDATION_FAILED', cause });
    this.name = 'PolicyValidationError';
    this.check = check;
  }

  /** True only for PolicyValidationError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is PolicyValidationError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
