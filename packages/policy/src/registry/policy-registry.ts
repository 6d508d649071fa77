import type { RegisteredPolicy } from '../policy/types';
import { PolicyEngineError } from '../errors/policy-engine-error';

/**
 * An ordered set of named policies. `get()` returns them by priority, highest first; equal
 * priorities keep registration order.
 *
 * @example
 * ```ts
 * const registry = new PolicyRegistry();
 * registry.register(definePolicy({ name: 'no_guests', priority: 10 }, noGuests));
 * const engine = new PolicyEngine({ policies: registry.get() });
 * ```
 */
export class PolicyRegistry {
  private readonly policies: RegisteredPolicy[] = [];
  private sorted: readonly RegisteredPolicy[] | undefined;

  /**
   * Adds a policy. Registering the same function again is a no-op.
   *
   * @throws PolicyEngineError `'DUPLICATE_POLICY'` when a different policy already has that name.
   */
  register(policy: RegisteredPolicy): void {
    const existing = this.policies.find((candidate) => candidate.policyInfo.name === policy.policyInfo.name);
    if (existing === policy) return;
    if (existing !== undefined) {
      throw new PolicyEngineError({
        code: 'DUPLICATE_POLICY',
        message: `A policy named '${policy.policyInfo.name}' is already registered. Policy names must be unique; call reset() or unregister('${policy.policyInfo.name}') first.`,
      });
    }
    this.policies.push(policy);
    this.sorted = undefined;
  }

  /** Removes the policy with that name; returns whether one was removed. */
  unregister(name: string): boolean {
    const index = this.policies.findIndex((candidate) => candidate.policyInfo.name === name);
    if (index < 0) return false;
    this.policies.splice(index, 1);
    this.sorted = undefined;
    return true;
  }

  /** The registered policies, highest priority first, ties in registration order (a new array). */
  get(): RegisteredPolicy[] {
    this.sorted ??= this.policies
      .map((policy, index) => ({ policy, index }))
      .sort((a, b) => b.policy.policyInfo.priority - a.policy.policyInfo.priority || a.index - b.index)
      .map(({ policy }) => policy);
    return [...this.sorted];
  }

  /** Number of registered policies. */
  get size(): number {
    return this.policies.length;
  }

  /** Removes every policy. */
  reset(): void {
    this.policies.length = 0;
    this.sorted = undefined;
  }
}

/**
 * The registry `Policy(info, fn)` adds to and `new PolicyEngine()` (without `policies`) reads.
 * Built-in policies are never registered by importing anything.
 */
export const defaultRegistry: PolicyRegistry = new PolicyRegistry();
