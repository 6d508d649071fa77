import type { Decision } from '../actions/decision';
import { ClearstoneError } from './clearstone-error';

const marker = 'clearstone.error.PolicyPauseError';
const symbol = Symbol.for(marker);

/**
 * Raised when a policy decision PAUSEs an action for human approval and no approval channel
 * resolved it. Code: `'POLICY_PAUSE'`. `decision.metadata.interventionId` identifies the request.
 */
export class PolicyPauseError extends ClearstoneError {
  protected readonly [symbol] = true;

  /** The PAUSE decision; its metadata carries `interventionId`. */
  readonly decision: Decision;

  constructor({ message, decision, cause }: { message: string; decision: Decision; cause?: unknown }) {
    super({ message, code: 'POLICY_PAUSE', cause });
    this.name = 'PolicyPauseError';
    this.decision = decision;
  }

  /** The intervention id of the paused action. */
  get interventionId(): string {
    return String(this.decision.metadata.interventionId ?? '');
  }

  /** True only for PolicyPauseError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is PolicyPauseError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
