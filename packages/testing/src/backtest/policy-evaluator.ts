import { InvalidArgumentError } from '@clearstone/core';
import type { Decision, PolicyContext } from '@clearstone/core';
import { AuditTrail, PolicyEngine, policyName } from '@clearstone/policy';
import type { PolicyFn } from '@clearstone/policy';

/** The part of `PolicyEngine` a backtest uses. */
export interface EngineLike {
  evaluateSync(ctx: PolicyContext): Decision;
  evaluate(ctx: PolicyContext): Promise<Decision>;
  /**
   * A Decision while the policies are synchronous, a Promise from the first async one on (each
   * policy run once). Used by the default `'auto'` evaluation when present.
   */
  evaluateMaybeSync?(ctx: PolicyContext): Decision | Promise<Decision>;
  /** Whether a policy is known to be async before it runs; `false` lets `'auto'` use `evaluateSync`. */
  readonly hasAsyncPolicies?: boolean;
  readonly policies?: ReadonlyArray<{ readonly name: string }>;
}

/** How a backtest evaluates calls: see `BacktestOptions.evaluation`. */
export type EvaluationMode = 'auto' | 'sync' | 'async';

/** Evaluates one call: a Decision, or a Promise of one when the evaluation has to wait. */
export type CallEvaluator = (ctx: PolicyContext) => Decision | PromiseLike<Decision>;

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

/**
 * How to evaluate each call of a run so that no call is evaluated twice: `'sync'` →
 * `evaluateSync` (an async policy gets the engine's fail-closed BLOCK), `'async'` → `evaluate`,
 * `'auto'` → `evaluateMaybeSync` (synchronous until a policy returns a Promise, then awaited from
 * that policy on); for an engine without it, `evaluateSync` when it reports no async policies,
 * else `evaluate`.
 */
export function callEvaluator(engine: EngineLike, mode: EvaluationMode): CallEvaluator {
  if (mode === 'sync') return (ctx) => engine.evaluateSync(ctx);
  if (mode === 'async') return (ctx) => engine.evaluate(ctx);
  if (typeof engine.evaluateMaybeSync === 'function') return (ctx) => engine.evaluateMaybeSync!(ctx);
  if (engine.hasAsyncPolicies === false) return (ctx) => engine.evaluateSync(ctx);
  return (ctx) => engine.evaluate(ctx);
}

/** True when an evaluation answered a Promise (or another thenable) rather than a Decision. */
export function isPendingDecision(result: Decision | PromiseLike<Decision>): result is PromiseLike<Decision> {
  return typeof (result as Partial<PromiseLike<Decision>>).then === 'function';
}
