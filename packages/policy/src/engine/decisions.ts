import { ActionType, BLOCK, type Decision } from '@clearstone/core';

/** Severity rank used to pick the final decision; SKIP is below ALLOW (neutral). */
export const SEVERITY: Readonly<Record<ActionType, number>> = Object.freeze({
  [ActionType.SKIP]: -1,
  [ActionType.ALLOW]: 0,
  [ActionType.ALERT]: 1,
  [ActionType.REDACT]: 2,
  [ActionType.PAUSE]: 3,
  [ActionType.BLOCK]: 4,
});

/** Text of a thrown or rejected value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  try {
    return String(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}

/** The fail-closed BLOCK for a policy that threw or rejected. */
export function raisedDecision(policyName: string, message: string): Decision {
  return BLOCK(`Policy '${policyName}' raised an exception: ${message}`, { policyName, error: message });
}

/** Why a policy's return value is not a Decision, in words. */
export function describeInvalidResult(value: unknown): string {
  if (value !== null && typeof (value as { then?: unknown })?.then === 'function') {
    return 'returned a Promise; async policies need evaluate(), not evaluateSync()';
  }
  const shown = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object without a valid action' : `${typeof value} ${String(value)}`;
  return `returned ${shown} instead of a Decision`;
}

/** The fail-closed BLOCK for a policy that returned something other than a Decision, or timed out. */
export function failedDecision(policyName: string, problem: string): Decision {
  return BLOCK(`Policy '${policyName}' ${problem}`, { policyName, error: problem });
}

/** A frozen copy of `decision` whose metadata is extended with `extra`. */
export function withDecisionMetadata(decision: Decision, extra: Record<string, unknown>): Decision {
  const built: { action: ActionType; reason?: string; metadata: Readonly<Record<string, unknown>> } = {
    action: decision.action,
    metadata: Object.freeze({ ...decision.metadata, ...extra }),
  };
  if (decision.reason !== undefined) built.reason = decision.reason;
  return Object.freeze(built);
}
