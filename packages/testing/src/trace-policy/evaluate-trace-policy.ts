import { ActionType, BLOCK, isDecision } from '@clearstone/core';
import type { Decision } from '@clearstone/core';
import { tracePolicyName } from './name-policy';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/**
 * Runs a trace or span policy on one subject. A policy that throws, or returns something that is
 * not a Decision (a Promise included), yields a fail-closed BLOCK naming it.
 */
export function evaluateTracePolicy<T>(policy: (subject: T) => Decision, subject: T): Decision {
  let result: unknown;
  try {
    result = policy(subject);
  } catch (error) {
    const message = messageOf(error);
    return BLOCK(`Policy '${tracePolicyName(policy)}' raised an exception: ${message}`, {
      policyName: tracePolicyName(policy),
      error: message,
    });
  }
  if (isDecision(result)) return result;
  if (result !== null && typeof (result as { then?: unknown })?.then === 'function') {
    (result as Promise<unknown>).then(undefined, () => undefined);
  }
  const problem = `returned ${result === null ? 'null' : typeof result} instead of a Decision (trace and span policies are synchronous)`;
  return BLOCK(`Policy '${tracePolicyName(policy)}' ${problem}`, {
    policyName: tracePolicyName(policy),
    error: problem,
  });
}

/** True when a decision stops the action: BLOCK, or PAUSE (which waits for a person). */
export function isStopping(decision: Decision): boolean {
  return decision.action === ActionType.BLOCK || decision.action === ActionType.PAUSE;
}
