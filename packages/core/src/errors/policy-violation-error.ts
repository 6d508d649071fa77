import type { Decision } from '../actions/decision';
import { ClearstoneError } from './clearstone-error';

const marker = 'clearstone.error.PolicyViolationError';
const symbol = Symbol.for(marker);

/**
 * Raised when a policy decision BLOCKs an action. Code: `'POLICY_VIOLATION'`.
 *
 * @example
 * ```ts
 * try {
 *   await agent.invoke(input);
 * } catch (error) {
 *   if (PolicyViolationError.isInstance(error)) console.log('blocked:', error.decision.reason);
 * }
 * ```
 */
export class PolicyViolationError extends ClearstoneError {
  protected readonly [symbol] = true;

  /** The BLOCK decision that stopped the action. */
  readonly decision: Decision;

  constructor({ message, decision, cause }: { message: string; decision: Decision; cause?: unknown }) {
    super({ message, code: 'POLICY_VIOLATION', cause });
    this.name = 'PolicyViolationError';
    this.decision = decision;
  }

  /** True only for PolicyViolationError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is PolicyViolationError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
