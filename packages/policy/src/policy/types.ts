import type { Decision, PolicyContext } from '@clearstone/core';

/** A policy: decides about the action described by a context. May be async. */
export type PolicyFn = (ctx: PolicyContext) => Decision | Promise<Decision>;

/** Identity and ordering of a policy. Higher priority runs first. */
export interface PolicyInfo {
  /** Unique name of the policy, used in decisions, audit entries and metrics. */
  readonly name: string;
  /** Order of evaluation: higher runs first. */
  readonly priority: number;
  /** What the policy is for. */
  readonly description?: string;
  /**
   * True when the policy returns a Promise: set by `definePolicy`/`Policy` for an `async function`,
   * or given explicitly for a function that returns promises without being declared `async`.
   * Absent for synchronous policies. `evaluateSync` answers a fail-closed BLOCK for such a policy
   * (see `isAsyncPolicyBlock`); `evaluate` and `evaluateMaybeSync` await it.
   */
  readonly async?: boolean;
}

/**
 * A policy function that carries its {@link PolicyInfo}. Calling it runs the policy. `R` keeps
 * whether the policy is synchronous (`Decision`) or async (`Promise<Decision>`).
 */
export type RegisteredPolicy<R extends Decision | Promise<Decision> = Decision | Promise<Decision>> = ((
  ctx: PolicyContext,
) => R) & {
  readonly policyInfo: PolicyInfo;
  /** The function given to `definePolicy`/`Policy` (used by tools that read its source). */
  readonly implementation: (ctx: PolicyContext) => R;
};
