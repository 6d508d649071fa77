import { InvalidArgumentError } from '@clearstone/core';
import type { Decision, PolicyContext } from '@clearstone/core';
import { AuditTrail, PolicyEngine, policyName } from '@clearstone/policy';
import type { PolicyFn } from '@clearstone/policy';

/** The part of `PolicyEngine` a backtest uses. */
export interface EngineLike {
  evaluateSync(ctx: PolicyContext): Decision;
  evaluate(ctx: PolicyContext): Promise<Decision>;
  readonly policies?: ReadonlyArray<{ readonly name: string }>;
}

/** What a backtest evaluates: an engine, one policy, or a list of policies. */
export type BacktestTarget = EngineLike | PolicyFn | readonly PolicyFn[];

/** An engine ready for a backtest, with the names reports use. */
export interface ResolvedEvaluator {
  engine: EngineLike;
  /** Name of the run: the policy's name, or `PolicyEngine(a, b, …)`. */
  name: string;
  /** Names of the engine's policies, in evaluation order (empty when the engine does not list them). */
  policyNames: string[];
}

function isEngine(value: unknown): value is EngineLike {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as EngineLike).evaluateSync === 'function' &&
    typeof (value as EngineLike).evaluate === 'function'
  );
}

/**
 * An engine for `target`. Policies given directly get an engine of their own that keeps no audit
 * entries; an engine given is used as is (its audit trail and metrics record the backtest).
 */
export function resolveEvaluator(target: BacktestTarget): ResolvedEvaluator {
  let engine: EngineLike;
  if (isEngine(target)) engine = target;
  else if (typeof target === 'function')
    engine = new PolicyEngine({ policies: [target], auditTrail: new AuditTrail({ maxEntries: 0 }) });
  else if (Array.isArray(target))
    engine = new PolicyEngine({ policies: [...(target as PolicyFn[])], auditTrail: new AuditTrail({ maxEntries: 0 }) });
  else {
    throw new InvalidArgumentError({
      message: 'backtest: pass a PolicyEngine, a policy function or an array of policies.',
      argument: 'engineOrPolicies',
    });
  }
  const policyNames = (engine.policies ?? []).map((info) => info.name);
  const single = typeof target === 'function' ? policyName(target) : undefined;
  return { engine, name: single ?? `PolicyEngine(${policyNames.join(', ')})`, policyNames };
}

/** True for the engine's fail-closed BLOCK of a policy that returned a Promise to `evaluateSync`. */
export function isAsyncPolicyFailure(decision: Decision): boolean {
  const error = decision.metadata.error;
  return decision.action === 'block' && typeof error === 'string' && error.startsWith('returned a Promise');
}
