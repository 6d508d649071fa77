import {
  InvalidArgumentError,
  getCurrentContext,
  type Decision,
  type PolicyContext,
  recordComponentInitialized,
} from '@clearstone/core';
import { AuditTrail } from '../audit/audit-trail';
import { PolicyEngineError } from '../errors/policy-engine-error';
import { PolicyMetrics } from '../metrics/policy-metrics';
import { resolvePolicyInfo } from '../policy/resolve-policy-info';
import type { PolicyFn, PolicyInfo } from '../policy/types';
import { defaultRegistry } from '../registry/policy-registry';
import { EvaluationRun } from './evaluation-run';
import {
  asyncPolicyOutcome,
  invokePolicy,
  isPending,
  settlePolicy,
  type EngineEntry,
  type Outcome,
} from './policy-step';
import type { EvaluationResult, PolicyEngineOptions } from './types';

/**
 * Evaluates policies against a context and returns one decision.
 *
 * Policies run by priority, highest first (ties in list/registration order). A BLOCK stops the
 * evaluation; otherwise the most severe decision wins (BLOCK > PAUSE > REDACT > ALERT > ALLOW,
 * SKIP neutral), every ALERT is kept in `metadata.alerts`, REDACT specs are merged, and the
 * deciding policy's name is in `metadata.policyName`. A policy that throws, rejects, times out
 * or returns something that is not a Decision yields a fail-closed BLOCK naming it, recorded once
 * in metrics and audit. `evaluateSync`, `evaluate` and `evaluateMaybeSync` run the same steps;
 * they differ only in whether they can wait for an async policy.
 *
 * @throws PolicyEngineError `'NO_POLICIES'` when there is nothing to evaluate, `'DUPLICATE_POLICY'`
 * when two policies share a name.
 * @example
 * ```ts
 * const engine = new PolicyEngine({ policies: [blockGuestsFromAdmin, alertOnLargeSpend] });
 * const decision = engine.evaluateSync(createContext({ userId: 'u1', agentId: 'bot', metadata: { role: 'guest' } }));
 * if (decision.action === ActionType.BLOCK) console.log(`blocked by ${decision.metadata.policyName}: ${decision.reason}`);
 * ```
 */
export class PolicyEngine {
  /** Where every policy decision is recorded. */
  readonly auditTrail: AuditTrail;
  /** Counts and latencies per policy. */
  readonly metrics: PolicyMetrics;
  /**
   * True when at least one policy is known to be async before it runs (`PolicyInfo.async`: an
   * `async function`, or `{ async: true }` in its info). Such an engine needs {@link evaluate} or
   * {@link evaluateMaybeSync}; `evaluateSync` answers a fail-closed BLOCK when it reaches that
   * policy. A policy that returns a Promise without being known as async is found only when it runs.
   */
  readonly hasAsyncPolicies: boolean;
  private readonly entries: readonly EngineEntry[];
  private readonly policyTimeoutMs: number;
  private readonly onDecision: ((result: EvaluationResult) => void) | undefined;
  /** Evaluations left until the next one whose policy latencies are measured. */
  private untilTimed = 1;
  private readonly latencySampleInterval: number;

  constructor(options: PolicyEngineOptions = {}) {
    recordComponentInitialized('PolicyEngine');
    if (options === null || typeof options !== 'object') {
      throw new InvalidArgumentError({ message: 'PolicyEngine options must be an object.', argument: 'options' });
    }
    const policies = options.policies ?? defaultRegistry.get();
    if (!Array.isArray(policies)) {
      throw new InvalidArgumentError({
        message: 'PolicyEngine policies must be an array of policy functions.',
        argument: 'policies',
      });
    }
    const timeout = options.policyTimeoutMs ?? 1000;
    if (typeof timeout !== 'number' || !(timeout > 0) || !Number.isFinite(timeout)) {
      throw new InvalidArgumentError({
        message: 'PolicyEngine policyTimeoutMs must be a positive number of milliseconds.',
        argument: 'policyTimeoutMs',
      });
    }
    this.policyTimeoutMs = timeout;
    this.auditTrail = options.auditTrail ?? new AuditTrail();
    this.metrics = options.metrics ?? new PolicyMetrics();
    this.onDecision = options.onDecision;
    this.latencySampleInterval = this.metrics.latencySampleInterval || 1;
    this.entries = this.buildEntries(policies);
    this.hasAsyncPolicies = this.entries.some((entry) => entry.async);
  }

  /** Name, priority, description and `async` flag of each policy, in evaluation order. */
  get policies(): PolicyInfo[] {
    return this.entries.map((entry) => entry.info);
  }

  /**
   * Evaluates every policy synchronously; for hot paths. An async policy (known from
   * `PolicyInfo.async`, then not called; or one that returns a Promise) yields a fail-closed BLOCK
   * naming it, marked with `metadata.asyncPolicy` (see `isAsyncPolicyBlock`). Use
   * {@link evaluateMaybeSync} or {@link evaluate} for engines with async policies.
   *
   * @param ctx - defaults to the ambient context (`contextScope`).
   * @throws PolicyEngineError `'NO_CONTEXT'` when no context is given or ambient.
   */
  evaluateSync(ctx?: PolicyContext): Decision {
    const run = this.startRun(ctx);
    const entries = this.entries;
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index];
      let outcome: Outcome;
      if (entry.async) outcome = asyncPolicyOutcome(entry.name);
      else {
        const step = invokePolicy(entry, run.context);
        outcome = isPending(step) ? asyncPolicyOutcome(entry.name, step.pending) : step;
      }
      if (run.conclude(entry, outcome)) break;
    }
    return run.finish();
  }

  /**
   * Evaluates every policy, synchronously for as long as policies return plain decisions. At the
   * first policy that returns a Promise it continues asynchronously from that policy — awaiting
   * it (at most `policyTimeoutMs`) and then the rest — without running earlier policies again,
   * and returns a Promise of the decision. Same decisions, metrics and audit entries as
   * {@link evaluate}; for callers that can handle both and want the synchronous speed.
   *
   * @param ctx - defaults to the ambient context (`contextScope`).
   * @throws PolicyEngineError `'NO_CONTEXT'` (thrown, not a rejection) when no context is given or ambient.
   * @example
   * ```ts
   * const result = engine.evaluateMaybeSync(ctx);
   * const decision = result instanceof Promise ? await result : result;
   * ```
   */
  evaluateMaybeSync(ctx?: PolicyContext): Decision | Promise<Decision> {
    return this.continueFrom(this.startRun(ctx), 0);
  }

  /**
   * Evaluates every policy, awaiting async ones one after another; each gets
   * `policyTimeoutMs` before it is treated as failed (fail-closed BLOCK).
   *
   * @param ctx - defaults to the ambient context (`contextScope`).
   * @throws PolicyEngineError `'NO_CONTEXT'` (as a rejection) when no context is given or ambient.
   */
  async evaluate(ctx?: PolicyContext): Promise<Decision> {
    return this.evaluateMaybeSync(ctx);
  }

  private startRun(ctx: PolicyContext | undefined): EvaluationRun {
    const context = resolveContext(ctx);
    const timed = --this.untilTimed === 0;
    if (timed) this.untilTimed = this.latencySampleInterval;
    return new EvaluationRun(context, this.auditTrail, this.onDecision, timed);
  }

  /** Runs the policies from `from` on; switches to {@link continueAsync} at the first Promise. */
  private continueFrom(run: EvaluationRun, from: number): Decision | Promise<Decision> {
    const entries = this.entries;
    for (let index = from; index < entries.length; index++) {
      const entry = entries[index];
      const step = invokePolicy(entry, run.context);
      if (isPending(step)) return this.continueAsync(run, index, step.pending);
      if (run.conclude(entry, step)) break;
    }
    return run.finish();
  }

  /** Awaits the policy at `index`, which returned `pending`, then runs the rest. */
  private async continueAsync(run: EvaluationRun, index: number, pending: PromiseLike<unknown>): Promise<Decision> {
    const entry = this.entries[index];
    const outcome = await settlePolicy(entry.name, pending, this.policyTimeoutMs);
    run.resumed();
    if (run.conclude(entry, outcome)) return run.finish();
    return this.continueFrom(run, index + 1);
  }

  private buildEntries(policies: readonly PolicyFn[]): EngineEntry[] {
    const seen = new Set<string>();
    const entries = policies.map((fn, index) => {
      const info = resolvePolicyInfo(fn, `anonymous_policy_${index + 1}`);
      if (seen.has(info.name)) {
        throw new PolicyEngineError({
          code: 'DUPLICATE_POLICY',
          message: `PolicyEngine was given two policies named '${info.name}'. Policy names must be unique within an engine.`,
        });
      }
      seen.add(info.name);
      return {
        name: info.name,
        info,
        fn,
        async: info.async === true,
        counters: this.metrics.countersFor(info.name),
        index,
      };
    });
    if (entries.length === 0) {
      throw new PolicyEngineError({
        code: 'NO_POLICIES',
        message:
          'PolicyEngine initialized with no valid policies: pass { policies: [...] } or register policies with Policy() first.',
      });
    }
    entries.sort((a, b) => b.info.priority - a.info.priority || a.index - b.index);
    return entries.map(({ name, info, fn, async, counters }) => ({ name, info, fn, async, counters }));
  }
}

function resolveContext(ctx: PolicyContext | undefined): PolicyContext {
  const context = ctx ?? getCurrentContext();
  if (context === undefined || context === null) {
    throw new PolicyEngineError({
      code: 'NO_CONTEXT',
      message: 'No PolicyContext is active: pass a context to evaluate(ctx) or call it inside contextScope(ctx, ...).',
    });
  }
  if (typeof context !== 'object') {
    throw new InvalidArgumentError({
      message: 'PolicyEngine.evaluate expects a PolicyContext from createContext().',
      argument: 'ctx',
    });
  }
  return context;
}
