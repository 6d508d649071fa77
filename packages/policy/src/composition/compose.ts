import { ALLOW, ActionType, BLOCK, type Decision, type PolicyContext } from '@clearstone/core';
import { definePolicy } from '../policy/define-policy';
import { policyName } from '../policy/resolve-policy-info';
import type { PolicyFn, RegisteredPolicy } from '../policy/types';

function isThenable(value: unknown): value is PromiseLike<Decision> {
  return value !== null && typeof (value as PromiseLike<Decision>)?.then === 'function';
}

function composedName(kind: 'and' | 'or', policies: readonly PolicyFn[]): string {
  return `composed_${kind}(${policies.map(policyName).join(`_${kind}_`)})`;
}

function runAnd(policies: readonly PolicyFn[], ctx: PolicyContext, from: number): Decision | Promise<Decision> {
  for (let index = from; index < policies.length; index++) {
    const result = policies[index](ctx);
    if (isThenable(result)) {
      return Promise.resolve(result).then((decision) =>
        decision.action === ActionType.BLOCK ? decision : runAnd(policies, ctx, index + 1),
      );
    }
    if (result.action === ActionType.BLOCK) return result;
  }
  return ALLOW;
}

function runOr(
  policies: readonly PolicyFn[],
  ctx: PolicyContext,
  from: number,
  firstBlock: Decision | undefined,
): Decision | Promise<Decision> {
  for (let index = from; index < policies.length; index++) {
    const result = policies[index](ctx);
    if (isThenable(result)) {
      return Promise.resolve(result).then((decision) =>
        decision.action !== ActionType.BLOCK ? decision : runOr(policies, ctx, index + 1, firstBlock ?? decision),
      );
    }
    if (result.action !== ActionType.BLOCK) return result;
    firstBlock ??= result;
  }
  return firstBlock ?? BLOCK('compose_or evaluated with no policies, blocking by default.');
}

/**
 * A policy that BLOCKs when any of `policies` blocks (the first BLOCK, later ones not run) and
 * otherwise ALLOWs; ALERT, PAUSE, REDACT and SKIP results are not passed on. No policies → ALLOW.
 * Async policies are awaited. Errors are not caught here; the engine turns them into a
 * fail-closed BLOCK.
 *
 * @example
 * ```ts
 * const adminInHours = composeAnd(requireAdmin, businessHoursOnly);
 * adminInHours.policyInfo.name; // 'composed_and(require_admin_and_business_hours)'
 * ```
 */
export function composeAnd(...policies: PolicyFn[]): RegisteredPolicy {
  const list = [...policies];
  return definePolicy({ name: composedName('and', list) }, (ctx) => runAnd(list, ctx, 0));
}

/**
 * A policy that returns the first decision of `policies` that is not a BLOCK, as it is (later
 * ones not run); when all block, the first BLOCK. No policies → BLOCK.
 *
 * @example
 * ```ts
 * const allowed = composeOr(adminInHours, emergencyOverride); // 'composed_or(…_or_emergency_override)'
 * ```
 */
export function composeOr(...policies: PolicyFn[]): RegisteredPolicy {
  const list = [...policies];
  return definePolicy({ name: composedName('or', list) }, (ctx) => runOr(list, ctx, 0, undefined));
}
