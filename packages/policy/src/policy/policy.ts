import type { Decision, PolicyContext } from '@clearstone/core';
import { InvalidArgumentError } from '@clearstone/core';
import { defaultRegistry } from '../registry/policy-registry';
import { definePolicy, normalizePolicyInfo, type PolicyInfoInit } from './define-policy';
import { isAsyncFunction } from './is-async-function';
import type { PolicyFn, RegisteredPolicy } from './types';

/**
 * What `Policy(info)` accepts: a name, and optionally a priority (default 0), a description and
 * `async: true` for a policy that returns promises without being declared `async`.
 */
export type PolicyInit = PolicyInfoInit;

/**
 * A TC39 (TypeScript 5) method decorator made by `Policy(info)`. Static methods are registered
 * when the class is defined, bound to the class; instance methods when an instance is
 * constructed, bound to that instance.
 */
export type PolicyMethodDecorator = <This>(
  method: (this: This, ctx: PolicyContext) => Decision | Promise<Decision>,
  context: ClassMethodDecoratorContext<This, (this: This, ctx: PolicyContext) => Decision | Promise<Decision>>,
) => void;

/**
 * Defines a policy and registers it in {@link defaultRegistry}, so that `new PolicyEngine()`
 * (without `policies`) evaluates it. With no function, returns a method decorator for policies
 * grouped on a class.
 *
 * @throws InvalidArgumentError for an empty name or a non-finite priority.
 * @throws PolicyEngineError `'DUPLICATE_POLICY'` when another policy of that name is registered.
 * @example
 * ```ts
 * Policy({ name: 'block_guests_from_admin', priority: 100 }, (ctx) =>
 *   ctx.metadata.role === 'guest' && ctx.metadata.toolName === 'admin_panel' ? BLOCK('Guests cannot use admin tools') : ALLOW,
 * );
 *
 * class SpendPolicies {
 *   @Policy({ name: 'pause_large_payments', priority: 50 })
 *   static largePayments(ctx: PolicyContext) {
 *     return Number(ctx.metadata.amount) > 1000 ? PAUSE('Large payment') : ALLOW;
 *   }
 * }
 * ```
 */
export function Policy(info: PolicyInit, fn: PolicyFn): RegisteredPolicy;
export function Policy(info: PolicyInit): PolicyMethodDecorator;
export function Policy(info: PolicyInit, fn?: PolicyFn): RegisteredPolicy | PolicyMethodDecorator {
  const normalized = normalizePolicyInfo(info);
  if (fn !== undefined) {
    const policy = definePolicy(normalized, fn);
    defaultRegistry.register(policy);
    return policy;
  }
  return function decoratePolicyMethod(method, context) {
    if (context?.kind !== 'method') {
      throw new InvalidArgumentError({
        message: `@Policy('${normalized.name}') can only decorate class methods.`,
        argument: 'context',
      });
    }
    const info = isAsyncFunction(method) ? { ...normalized, async: true } : normalized;
    context.addInitializer(function registerPolicyMethod(this: unknown) {
      defaultRegistry.register(definePolicy(info, method.bind(this as never) as PolicyFn));
    });
  };
}
