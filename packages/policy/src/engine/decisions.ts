import { ALLOW, ActionType, BLOCK, SKIP, isDecision, type Decision } from '@clearstone/core';

/** Severity rank used to pick the final decision; SKIP is below ALLOW (neutral). */
export const SEVERITY: Readonly<Record<ActionType, number>> = Object.freeze({
  [ActionType.SKIP]: -1,
  [ActionType.ALLOW]: 0,
  [ActionType.ALERT]: 1,
  [ActionType.REDACT]: 2,
  [ActionType.PAUSE]: 3,
  [ActionType.BLOCK]: 4,
});

/** Text of a thrown or rejected value; never throws, even for values whose getters or traps do. */
export function errorMessage(error: unknown): string {
  try {
    if (error instanceof Error) return String(error.message || error.name);
    return String(error);
  } catch {
    try {
      return Object.prototype.toString.call(error);
    } catch {
      return 'an unprintable value';
    }
  }
}

/**
 * `value` as a Decision the engine can rely on, or undefined when it is not one. The fields of a
 * non-singleton decision are read once into a new frozen object, so a getter or Proxy cannot
 * answer differently (or throw) later in the evaluation. May throw while reading: callers treat
 * that as a failed policy.
 */
export function adoptDecision(value: unknown): Decision | undefined {
  if (value === ALLOW || value === SKIP) return value as Decision;
  if (value === null || typeof value !== 'object') return undefined;
  const { action, reason, metadata } = value as { action?: unknown; reason?: unknown; metadata?: unknown };
  if (metadata === null || typeof metadata !== 'object') return undefined;
  const copy: { action: unknown; reason?: unknown; metadata: Readonly<Record<string, unknown>> } = {
    action,
    metadata: Object.freeze({ ...metadata }),
  };
  if (reason !== undefined) copy.reason = reason;
  return isDecision(copy) ? Object.freeze(copy) : undefined;
}

/** The fail-closed BLOCK for a policy that threw or rejected. */
export function raisedDecision(policyName: string, message: string): Decision {
  return BLOCK(`Policy '${policyName}' raised an exception: ${message}`, { policyName, error: message });
}

/** Why a policy's return value (not a Promise: see `asyncPolicyBlock`) is not a Decision, in words. */
export function describeInvalidResult(value: unknown): string {
  const shown =
    value === null
      ? 'null'
      : Array.isArray(value)
        ? 'an array'
        : typeof value === 'object'
          ? 'an object without a valid action'
          : `${typeof value} ${String(value)}`;
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
