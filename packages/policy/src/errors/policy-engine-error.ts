import { ClearstoneError } from '@clearstone/core';

const marker = 'clearstone.error.PolicyEngineError';
const symbol = Symbol.for(marker);

/** Stable codes of {@link PolicyEngineError}. */
export type PolicyEngineErrorCode = 'NO_CONTEXT' | 'NO_POLICIES' | 'DUPLICATE_POLICY';

/**
 * Thrown when a policy engine or registry is set up or called wrongly:
 * `'NO_CONTEXT'` (no context given and none ambient), `'NO_POLICIES'` (nothing to evaluate),
 * `'DUPLICATE_POLICY'` (two different policies share a name).
 */
export class PolicyEngineError extends ClearstoneError {
  protected readonly [symbol] = true;

  declare readonly code: PolicyEngineErrorCode;

  constructor({ message, code, cause }: { message: string; code: PolicyEngineErrorCode; cause?: unknown }) {
    super({ message, code, cause });
    this.name = 'PolicyEngineError';
  }

  /** True only for PolicyEngineError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is PolicyEngineError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
