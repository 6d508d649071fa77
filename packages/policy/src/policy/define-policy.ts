import { InvalidArgumentError } from '@clearstone/core';
import type { Decision, PolicyContext } from '@clearstone/core';
import { isAsyncFunction } from './is-async-function';
import type { PolicyFn, PolicyInfo, RegisteredPolicy } from './types';

/** What `definePolicy` and `Policy` accept as a policy's info. */
export interface PolicyInfoInit {
  /** Unique name of the policy; non-empty. */
  name: string;
  /** Order of evaluation, higher first; a finite number, default 0. */
  priority?: number;
  /** What the policy is for. */
  description?: string;
  /**
   * `true` for a policy that returns a Promise without being declared `async` (an `async
   * function` is recognised by itself). `false` cannot make an `async function` synchronous.
   */
  async?: boolean;
}

/**
 * Validates policy info and returns a normalised, frozen copy (priority defaults to 0; `async`
 * is kept only when `true`).
 */
export function normalizePolicyInfo(info: PolicyInfoInit): PolicyInfo {
  if (info === null || typeof info !== 'object') {
    throw new InvalidArgumentError({
      message: 'Policy info must be an object { name, priority?, description?, async? }.',
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
  if (info.async !== undefined && typeof info.async !== 'boolean') {
    throw new InvalidArgumentError({
      message: `Policy '${info.name}': async must be a boolean.`,
      argument: 'async',
    });
  }
  return Object.freeze({
    name: info.name,
    priority,
    ...(info.description === undefined ? {} : { description: info.description }),
    ...(info.async === true ? { async: true } : {}),
  });
}

/**
 * Attaches policy info to a function without registering it anywhere. The returned function is
 * the policy: call it with a context, or pass it to `new PolicyEngine({ policies })`. Its
 * `policyInfo.async` is `true` when `fn` is an `async function` or `info.async` is `true`.
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
  info: PolicyInfoInit,
  fn: (ctx: PolicyContext) => R,
): RegisteredPolicy<R> {
  const declared = normalizePolicyInfo(info);
  if (typeof fn !== 'function') {
    throw new InvalidArgumentError({
      message: `Policy '${declared.name}' must be a function (ctx) => Decision.`,
      argument: 'fn',
    });
  }
  const normalized =
    declared.async === true || !isAsyncFunction(fn) ? declared : Object.freeze({ ...declared, async: true });
  const policy = ((ctx) => fn(ctx)) as PolicyFn;
  Object.defineProperty(policy, 'name', { value: normalized.name });
  Object.defineProperty(policy, 'policyInfo', { value: normalized, enumerable: true });
  Object.defineProperty(policy, 'implementation', { value: fn });
  return policy as RegisteredPolicy<R>;
}
