import { PolicyPauseError, PolicyViolationError } from '@clearstone/core';

const MAX_DEPTH = 10;

function findInCauseChain<T>(error: unknown, matches: (candidate: unknown) => candidate is T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_DEPTH && current != null; depth += 1) {
    if (matches(current)) return current;
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return undefined;
}

/**
 * The {@link PolicyViolationError} behind `error`: the error itself, or the one wrapped in its
 * `cause` chain (langchain's `MiddlewareError` wraps errors thrown by middleware).
 *
 * @example
 * ```ts
 * const violation = getPolicyViolation(error);
 * if (violation) console.log(violation.decision.reason);
 * ```
 */
export function getPolicyViolation(error: unknown): PolicyViolationError | undefined {
  return findInCauseChain(error, PolicyViolationError.isInstance);
}

/**
 * True when `error` is, or wraps (through `cause`), a {@link PolicyViolationError}: what
 * `agent.invoke` rejects with when a policy BLOCKs a call.
 *
 * @example
 * ```ts
 * try {
 *   await agent.invoke({ messages });
 * } catch (error) {
 *   if (isPolicyViolation(error)) console.log('blocked:', getPolicyViolation(error)?.decision.reason);
 *   else throw error;
 * }
 * ```
 */
export function isPolicyViolation(error: unknown): boolean {
  return getPolicyViolation(error) !== undefined;
}

/** The {@link PolicyPauseError} behind `error`, itself or in its `cause` chain. */
export function getPolicyPause(error: unknown): PolicyPauseError | undefined {
  return findInCauseChain(error, PolicyPauseError.isInstance);
}

/** True when `error` is, or wraps (through `cause`), a {@link PolicyPauseError}. */
export function isPolicyPause(error: unknown): boolean {
  return getPolicyPause(error) !== undefined;
}
