import { InvalidArgumentError } from '@clearstone/core';
import type { Decision, PolicyContext } from '@clearstone/core';
import type { PolicyFn, PolicyInfo, RegisteredPolicy } from './types';

/** Validates policy info and returns a normalised, frozen copy (priority defaults to 0). */
export function normalizePolicyInfo(info: { name: string; priority?: number; description?: string }): PolicyInfo {
  if (info === null || typeof info !== 'object') {
    throw new InvalidArgumentError({
      message: 'Policy info must be an object { name, priority?, description? }.',
      argument: 'info',
    });
  }
  if (typeof info.name !== 'string' || info.name.trim() === '') {
    throw new InvalidArgumentError({ message: 'Policy name must be a non-empty string.', argument: 'name' });
  }
  const priority = info.priority ?? 0;
  if (typeof priority !== 'number' || !Number.isFinite(priority)) {
    throw new InvalidArgumentError({
      message: `Policy '${info.name}': priority must be a finite number.`,
      argument: 'priority',
    });
  }
  if (info.description !== undefined && typeof info.description !== 'string') {
    throw new InvalidArgumentError({
      message: `Policy '${info.name}': description must be a string.`,
      argument: 'description',
    });
  }
  return Object.freeze({
    name: info.name,
    priority,
    ...(info.description === undefined ? {} : { description: info.description }),
  });
}

/**
 * Attaches policy info to a function without registering it anywhere. The returned function is
 * the policy: call it with a context, or pass it to `new PolicyEngine({ policies })`.
 *
 * @example
 * ```ts
 * const adminOnly = definePolicy({ name: 'admin_only', priority: 100 }, (ctx) =>
 *   ctx.metadata.toolName === 'admin_panel' && ctx.metadata.userRole !== 'admin'
 *     ? BLOCK('Admin tools require the admin role')
 *     : ALLOW,
 * );
 * ```
 */
export function definePolicy<R extends Decision | Promise<Decision>>(
  info: { name: string; priority?: number; description?: string },
  fn: (ctx: PolicyContext) => R,
): RegisteredPolicy<R> {
  const normalized = normalizePolicyInfo(info);
  if (typeof fn !== 'function') {
    throw new InvalidArgumentError({
      message: `Policy '${normalized.name}' must be a function (ctx) => Decision.`,
      argument: 'fn',
    });
  }
  const policy = ((ctx) => fn(ctx)) as PolicyFn;
  Object.defineProperty(policy, 'name', { value: normalized.name });
  Object.defineProperty(policy, 'policyInfo', { value: normalized, enumerable: true });
  Object.defineProperty(policy, 'implementation', { value: fn });
  return policy as RegisteredPolicy<R>;
}
