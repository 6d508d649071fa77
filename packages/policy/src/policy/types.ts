import type { Decision, PolicyContext } from '@clearstone/core';

/** A policy: decides about the action described by a context. May be async. */
export type PolicyFn = (ctx: PolicyContext) => Decision | Promise<Decision>;

/** Identity and ordering of a policy. Higher priority runs first. */
export interface PolicyInfo {
  readonly name: string;
  readonly priority: number;
  readonly description?: string;
}

/** A policy function that carries its {@link PolicyInfo}. Calling it runs the policy. */
export type RegisteredPolicy = PolicyFn & {
  readonly policyInfo: PolicyInfo;
  /** The function given to `definePolicy`/`Policy` (used by tools that read its source). */
  readonly implementation: PolicyFn;
};
