import { ActionType, BLOCK, type Decision } from '@clearstone/core';

/** What `evaluateSync` records as the error of an async policy it cannot wait for. */
export const ASYNC_POLICY_PROBLEM =
  'returned a Promise; async policies need evaluate() or evaluateMaybeSync(), not evaluateSync()';

/**
 * The fail-closed BLOCK `evaluateSync` answers for an async policy: its reason names the policy,
 * and `metadata.asyncPolicy` holds the policy's name so callers can tell this BLOCK apart from a
 * real one (see {@link isAsyncPolicyBlock}).
 */
export function asyncPolicyBlock(policyName: string): Decision {
  return BLOCK(`Policy '${policyName}' ${ASYNC_POLICY_PROBLEM}`, {
    policyName,
    error: ASYNC_POLICY_PROBLEM,
    asyncPolicy: policyName,
  });
}

/**
 * True when `decision` is the fail-closed BLOCK that `evaluateSync` gives because a policy is
 * async (it returned a Promise, or is known to from its `PolicyInfo.async`) — not a decision of
 * the policies. The policy's name is in `decision.metadata.asyncPolicy`. Evaluate such an engine
 * with `evaluate()` or `evaluateMaybeSync()` instead.
 *
 * @example
 * ```ts
 * const decision = engine.evaluateSync(ctx);
 * if (isAsyncPolicyBlock(decision)) console.warn(`${decision.metadata.asyncPolicy} is async`);
 * ```
 */
export function isAsyncPolicyBlock(decision: Decision): boolean {
  return (
    decision !== null &&
    typeof decision === 'object' &&
    decision.action === ActionType.BLOCK &&
    typeof decision.metadata?.asyncPolicy === 'string'
  );
}
