import {
  ALLOW,
  ActionType,
  BLOCK,
  InvalidArgumentError,
  getCurrentContext,
  type Decision,
  type PolicyContext,
  recordComponentInitialized,
} from '@clearstone/core';
import { AuditTrail } from '../audit/audit-trail';
import { PolicyEngineError } from '../errors/policy-engine-error';
import { PolicyMetrics, recordInto, type PolicyCounters } from '../metrics/policy-metrics';
import { resolvePolicyInfo } from '../policy/resolve-policy-info';
import type { PolicyFn, PolicyInfo } from '../policy/types';
import { defaultRegistry } from '../registry/policy-registry';
import { Aggregation } from './aggregation';
import { adoptDecision, describeInvalidResult, errorMessage, failedDecision, raisedDecision } from './decisions';
import type { EvaluationResult, PolicyEngineOptions, PolicyEvaluation } from './types';

interface EngineEntry {
  readonly name: string;
  readonly info: PolicyInfo;
  readonly fn: PolicyFn;
  readonly counters: PolicyCounters;
}

interface Outcome {
  decision: Decision;
  error?: string;
}

const ignoreRejection = (): void => undefined;

/**
 * Evaluates policies against a context and returns one decision.
 *
 * Policies run by priority, highest first (ties in list/registration order). A BLOCK stops the
 * evaluation; otherwise the most severe decision wins (BLOCK > PAUSE > REDACT > ALERT > ALLOW,
 * SKIP neutral), every ALERT is kept in `metadata.alerts`, REDACT specs are merged, and the
 * deciding policy's name is in `metadata.policyName`. A policy that throws, rejects, times out
 * or returns something that is not a Decision yields a fail-closed BLOCK naming it.
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
  private readonly entries: readonly EngineEntry[];
  private readonly policyTimeoutMs: number;
  private readonly onDecision: ((result: EvaluationResult) => void) | undefined;

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
    this.entries = this.buildEntries(policies);
  }

  /** Name, priority and description of each policy, in evaluation order. */
  get policies(): PolicyInfo[] {
    return this.entries.map((entry) => entry.info);
  }

  /**
   * Evaluates every policy synchronously; for hot paths. A policy that returns a Promise here
   * yields a fail-closed BLOCK naming it (use {@link evaluate} for async policies).
   *
   * @param ctx - defaults to the ambient context (`contextScope`).
   * @throws PolicyEngineError `'NO_CONTEXT'` when no context is given or ambient.
   */
  evaluateSync(ctx?: PolicyContext): Decision {
    const context = resolveContext(ctx);
    const entries = this.entries;
    const evaluations: PolicyEvaluation[] | undefined = this.onDecision === undefined ? undefined : [];
    let aggregation: Aggregation | undefined;
    const stampMs = this.auditTrail.keepsEntries ? Date.now() : 0;
    const startedAt = performance.now();
    let last = startedAt;
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index];
      let decision: Decision;
      let error: string | undefined;
      try {
        const result = entry.fn(context);
        const adopted = adoptDecision(result);
        if (adopted !== undefined) {
          decision = adopted;
        } else {
          if (result !== null && typeof (result as Promise<unknown>)?.then === 'function')
            (result as Promise<unknown>).then(undefined, ignoreRejection);
          error = describeInvalidResult(result);
          decision = failedDecision(entry.name, error);
        }
      } catch (thrown) {
        error = errorMessage(thrown);
        decision = raisedDecision(entry.name, error);
      }
      const now = performance.now();
      this.record(entry, context, decision, now - last, error, evaluations, stampMs);
      last = now;
      const action = decision.action;
      if (action !== ActionType.ALLOW && action !== ActionType.SKIP) {
        (aggregation ??= new Aggregation()).add(entry.name, decision);
        if (action === ActionType.BLOCK) break;
      }
    }
    const final = finalDecision(aggregation);
    if (evaluations !== undefined) this.notify(final, context, evaluations, last - startedAt);
    return final;
  }

  /**
   * Evaluates every policy, awaiting async ones one after another; each gets
   * `policyTimeoutMs` before it is treated as failed (fail-closed BLOCK).
   *
   * @param ctx - defaults to the ambient context (`contextScope`).
   * @throws PolicyEngineError `'NO_CONTEXT'` (as a rejection) when no context is given or ambient.
   */
  async evaluate(ctx?: PolicyContext): Promise<Decision> {
    const context = resolveContext(ctx);
    const entries = this.entries;
    const evaluations: PolicyEvaluation[] | undefined = this.onDecision === undefined ? undefined : [];
    let aggregation: Aggregation | undefined;
    const startedAt = performance.now();
    let last = startedAt;
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index];
      let outcome: Outcome;
      try {
        const result = entry.fn(context);
        const adopted = adoptDecision(result);
        if (adopted !== undefined) outcome = { decision: adopted };
        else if (result !== null && typeof (result as Promise<unknown>)?.then === 'function')
          outcome = await this.settle(entry.name, result as PromiseLike<unknown>);
        else outcome = invalid(entry.name, result);
      } catch (thrown) {
        const message = errorMessage(thrown);
        outcome = { decision: raisedDecision(entry.name, message), error: message };
      }
      const now = performance.now();
      const decision = outcome.decision;
      this.record(
        entry,
        context,
        decision,
        now - last,
        outcome.error,
        evaluations,
        this.auditTrail.keepsEntries ? Date.now() : 0,
      );
      last = now;
      const action = decision.action;
      if (action !== ActionType.ALLOW && action !== ActionType.SKIP) {
        (aggregation ??= new Aggregation()).add(entry.name, decision);
        if (action === ActionType.BLOCK) break;
      }
    }
    const final = finalDecision(aggregation);
    if (evaluations !== undefined) this.notify(final, context, evaluations, last - startedAt);
    return final;
  }

  private settle(name: string, pending: PromiseLike<unknown>): Promise<Outcome> {
    const timeoutMs = this.policyTimeoutMs;
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        const problem = `timed out after ${timeoutMs}ms`;
        resolve({ decision: failedDecision(name, problem), error: problem });
      }, timeoutMs);
      Promise.resolve(pending).then(
        (value) => {
          clearTimeout(timer);
          resolve(settledOutcome(name, value));
        },
        (thrown: unknown) => {
          clearTimeout(timer);
          const message = errorMessage(thrown);
          resolve({ decision: raisedDecision(name, message), error: message });
        },
      );
    });
  }

  private record(
    entry: EngineEntry,
    context: PolicyContext,
    decision: Decision,
    latencyMs: number,
    error: string | undefined,
    evaluations: PolicyEvaluation[] | undefined,
    stampMs: number,
  ): void {
    recordInto(entry.counters, decision.action, latencyMs);
    this.auditTrail.recordDecision(entry.name, context, decision, error, stampMs);
    if (evaluations !== undefined) {
      evaluations.push(
        error === undefined
          ? { policyName: entry.name, decision, latencyMs }
          : { policyName: entry.name, decision, latencyMs, error },
      );
    }
  }

  private notify(
    decision: Decision,
    context: PolicyContext,
    policyDecisions: PolicyEvaluation[],
    totalLatencyMs: number,
  ): void {
    try {
      this.onDecision?.({ decision, context, policyDecisions, totalLatencyMs });
    } catch (error) {
      process.emitWarning(`PolicyEngine onDecision callback threw: ${errorMessage(error)}`);
    }
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
      return { name: info.name, info, fn, counters: this.metrics.countersFor(info.name), index };
    });
    if (entries.length === 0) {
      throw new PolicyEngineError({
        code: 'NO_POLICIES',
        message:
          'PolicyEngine initialized with no valid policies: pass { policies: [...] } or register policies with Policy() first.',
      });
    }
    entries.sort((a, b) => b.info.priority - a.info.priority || a.index - b.index);
    return entries.map(({ name, info, fn, counters }) => ({ name, info, fn, counters }));
  }
}

/** The outcome of a value an async policy resolved to; reading a hostile value fails closed. */
function settledOutcome(name: string, value: unknown): Outcome {
  try {
    const adopted = adoptDecision(value);
    return adopted === undefined ? invalid(name, value) : { decision: adopted };
  } catch (thrown) {
    const message = errorMessage(thrown);
    return { decision: raisedDecision(name, message), error: message };
  }
}

/** The combined decision; if the policies' decisions cannot even be combined, a BLOCK. */
function finalDecision(aggregation: Aggregation | undefined): Decision {
  try {
    return aggregation?.final() ?? ALLOW;
  } catch (thrown) {
    return BLOCK(`The policy decisions could not be combined: ${errorMessage(thrown)}`, {
      error: errorMessage(thrown),
    });
  }
}

function invalid(name: string, value: unknown): Outcome {
  const problem = describeInvalidResult(value);
  return { decision: failedDecision(name, problem), error: problem };
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
