import { ClearstoneError } from '@clearstone/core';

const marker = 'clearstone.error.ReplayError';
const symbol = Symbol.for(marker);

/**
 * Codes of {@link ReplayError}:
 * - `'UNKNOWN_AGENT_CLASS'`: the checkpoint names an agent class that is not registered;
 * - `'AGENT_REHYDRATION_FAILED'`: the state could not be restored onto the agent (`loadState` threw, bad state shape);
 * - `'REPLAY_METHOD_NOT_FOUND'`: the agent has no method of that name;
 * - `'REPLAY_EXHAUSTED'`: a replayed target was called more often than the trace recorded;
 * - `'REPLAY_OUTPUT_UNAVAILABLE'`: the recorded span kept no output (too large or unserializable);
 * - `'REPLAY_RECORDED_ERROR'`: the recorded call failed; the replay fails the same way, with the recorded message;
 * - `'REPLAY_TARGET_INVALID'`: a mock target is not an object with that method, or cannot be patched;
 * - `'REPLAY_INVALID_OPTIONS'`: malformed replay, fork or context options;
 * - `'DETERMINISTIC_CONTEXT_ACTIVE'`: `enter()` on a context that is already active;
 * - `'DETERMINISTIC_CONTEXT_NOT_ACTIVE'`: `exit()` on a context that is not active;
 * - `'DETERMINISTIC_CONTEXT_ORDER'`: `exit()` of an outer context while an inner one is still active.
 */
export type ReplayErrorCode =
  | 'UNKNOWN_AGENT_CLASS'
  | 'AGENT_REHYDRATION_FAILED'
  | 'REPLAY_METHOD_NOT_FOUND'
  | 'REPLAY_EXHAUSTED'
  | 'REPLAY_OUTPUT_UNAVAILABLE'
  | 'REPLAY_RECORDED_ERROR'
  | 'REPLAY_TARGET_INVALID'
  | 'REPLAY_INVALID_OPTIONS'
  | 'DETERMINISTIC_CONTEXT_ACTIVE'
  | 'DETERMINISTIC_CONTEXT_NOT_ACTIVE'
  | 'DETERMINISTIC_CONTEXT_ORDER';

/**
 * Thrown while rehydrating an agent or replaying it deterministically.
 *
 * @example
 * ```ts
 * try {
 *   await engine.replay('run', [question], { mocks });
 * } catch (error) {
 *   if (ReplayError.isInstance(error) && error.code === 'REPLAY_EXHAUSTED') console.error(error.message);
 * }
 * ```
 */
export class ReplayError extends ClearstoneError {
  protected readonly [symbol] = true;

  declare readonly code: ReplayErrorCode;

  constructor({ message, code, cause }: { message: string; code: ReplayErrorCode; cause?: unknown }) {
    super({ message, code, cause });
    this.name = 'ReplayError';
  }

  /** True only for ReplayError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is ReplayError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
