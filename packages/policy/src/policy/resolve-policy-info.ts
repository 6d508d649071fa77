import { InvalidArgumentError } from '@clearstone/core';
import { isAsyncFunction } from './is-async-function';
import type { PolicyFn, PolicyInfo, RegisteredPolicy } from './types';

/**
 * The {@link PolicyInfo} of any policy function: its attached info when it was made with
 * `definePolicy`/`Policy`, otherwise `{ name: fn.name || fallbackName, priority: 0 }` (with
 * `async: true` when it is an `async function`).
 */
export function resolvePolicyInfo(policy: PolicyFn, fallbackName = 'anonymous_policy'): PolicyInfo {
  if (typeof policy !== 'function') {
    throw new InvalidArgumentError({
      message: `A policy must be a function (ctx) => Decision (got ${policy === null ? 'null' : typeof policy}).`,
      argument: 'policies',
    });
  }
  const info = (policy as Partial<RegisteredPolicy>).policyInfo;
  if (info !== undefined) return info;
  const name = policy.name || fallbackName;
  return Object.freeze(isAsyncFunction(policy) ? { name, priority: 0, async: true } : { name, priority: 0 });
}

/** The name a report should show for a policy function. */
export function policyName(policy: PolicyFn): string {
  return (policy as Partial<RegisteredPolicy>).policyInfo?.name ?? (policy.name || 'anonymous_policy');
}
