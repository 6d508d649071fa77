import { ActionType, ClearstoneAttributes, InvalidArgumentError } from '@clearstone/core';
import type { Decision, PolicyContext, SpanRecord, Trace } from '@clearstone/core';
import { emptyDecisionCounts } from '../result';
import { spanCategory, modelOf, toolNameOf } from '../spans';
import { BacktestResult } from './backtest-result';
import type { BlockedRun, PolicyBreakdown } from './backtest-result';
import { frozenCopy } from './freeze-deep';
import { callEvaluator, isPendingDecision, resolveEvaluator } from './policy-evaluator';
import type { BacktestTarget, CallEvaluator, ResolvedEvaluator } from './policy-evaluator';
import { callContext, runIdentity } from './rebuild-context';
import type { BacktestMetadata, RunIdentity } from './rebuild-context';
import { RecordedDailySpend, addCall, freshTotals } from './run-totals';
import type { RunTotals } from './run-totals';

/** Options of {@link backtest}. */
export interface BacktestOptions {
  /**
   * Extra context metadata for every call — the settings the policies read, e.g.
   * `{ tokenLimit: 5000 }` — or a function of the trace and span. It wins over recorded values.
   */
  metadata?: BacktestMetadata;
  /**
   * `'auto'` (default) uses the engine's `evaluateMaybeSync`: synchronous while the policies
   * return plain decisions, awaiting from the first one that returns a Promise, each call
   * evaluated once; `'sync'` always uses `evaluateSync` (an async policy gets the engine's
   * fail-closed BLOCK); `'async'` always uses `evaluate` (slower).
   */
  evaluation?: 'auto' | 'sync' | 'async';
  /**
   * Keep evaluating a trace's later calls after a BLOCK. Default false: the run would have stopped there.
   * Calls recorded with the context they were decided on are always evaluated: the live run went on.
   */
  continueAfterBlock?: boolean;
  /** `userId` / `agentId` for traces that recorded none (default `'unknown'`). */
  defaults?: { userId?: string; agentId?: string };
}

interface TraceState {
  totals: RunTotals;
  identity: RunIdentity;
  blocked: boolean;
}

class BacktestRun {
  private readonly decisions = emptyDecisionCounts();
  private readonly blockedTraceIds: string[] = [];
  private readonly blockedRuns: BlockedRun[] = [];
  private readonly byPolicy: Record<string, PolicyBreakdown> = {};
  private readonly staticMetadata: Record<string, unknown> | undefined;
  private readonly defaults: { userId: string; agentId: string };
  private readonly evaluateCall: CallEvaluator;
  /** The recorded model calls per user and day, for `dailyCost` where a recording lacks it. */
  private readonly spend = new RecordedDailySpend();
  private tracesAnalyzed = 0;
  private spansAnalyzed = 0;
  private callsEvaluated = 0;

  constructor(
    private readonly evaluator: ResolvedEvaluator,
    private readonly options: BacktestOptions,
  ) {
    this.evaluateCall = callEvaluator(evaluator.engine, options.evaluation ?? 'auto');
    this.staticMetadata = typeof options.metadata === 'function' ? undefined : frozenCopy(options.metadata);
    this.defaults = { userId: options.defaults?.userId || 'unknown', agentId: options.defaults?.agentId || 'unknown' };
    for (const name of evaluator.policyNames) this.breakdown(name);
  }

  private breakdown(name: string): PolicyBreakdown {
    return (this.byPolicy[name] ??= { decisions: emptyDecisionCounts(), blockedTraceIds: [] });
  }

  private extraFor(trace: Trace, span: SpanRecord): Record<string, unknown> | undefined {
    const metadata = this.options.metadata;
    return typeof metadata === 'function' ? frozenCopy(metadata(trace, span) ?? undefined) : this.staticMetadata;
  }

  /** Counts every trace's model calls in the users' daily spend before any is replayed (traces in memory). */
  prescan(traces: readonly Trace[]): void {
    for (const trace of traces) this.spend.addTrace(trace, runIdentity(trace, this.defaults).userId);
  }

  private begin(trace: Trace): TraceState {
    const identity = runIdentity(trace, this.defaults);
    this.spend.addTrace(trace, identity.userId);
    this.tracesAnalyzed++;
    this.spansAnalyzed += trace.spans.length;
    return { totals: freshTotals(), identity, blocked: false };
  }

  private contextFor(state: TraceState, trace: Trace, span: SpanRecord, category: 'tool' | 'llm'): PolicyContext {
    return callContext(state.identity, span, category, state.totals, this.extraFor(trace, span), this.spend);
  }

  /** Records a decision; true when the replay of this trace should stop. */
  private decided(
    state: TraceState,
    trace: Trace,
    span: SpanRecord,
    category: 'tool' | 'llm',
    decision: Decision,
  ): boolean {
    this.callsEvaluated++;
    this.record(trace, span, category, decision, state.blocked);
    addCall(state.totals, span, category);
    if (decision.action !== ActionType.BLOCK) return false;
    state.blocked = true;
    // A call recorded with the context it was decided on was decided live: the run went on after
    // it (e.g. onBlock 'tool-message'), and the calls recorded after it were decided too.
    if (span.attributes[ClearstoneAttributes.POLICY_CONTEXT] !== undefined) return false;
    return this.options.continueAfterBlock !== true;
  }

  /**
   * Replays one trace's tool and model calls through the engine. Returns a promise only when an
   * evaluation had to wait; a synchronous replay is finished on return.
   */
  add(trace: Trace): Promise<void> | undefined {
    return this.replay(this.begin(trace), trace);
  }

  /** Same as {@link add} for a run whose evaluation is `'sync'`. */
  addSync(trace: Trace): void {
    void this.replay(this.begin(trace), trace);
  }

  private replay(state: TraceState, trace: Trace): Promise<void> | undefined {
    const spans = trace.spans;
    for (let index = 0; index < spans.length; index++) {
      const span = spans[index];
      const category = spanCategory(span);
      if (category === undefined) continue;
      const decision = this.evaluateCall(this.contextFor(state, trace, span, category));
      if (isPendingDecision(decision)) return this.replayAsync(state, trace, index, decision);
      if (this.decided(state, trace, span, category, decision)) break;
    }
    return undefined;
  }

  /**
   * The rest of a replay once an evaluation had to wait: the call at `from`, whose evaluation is
   * `pending` (not evaluated again), then the later calls.
   */
  private async replayAsync(
    state: TraceState,
    trace: Trace,
    from: number,
    pending: PromiseLike<Decision>,
  ): Promise<void> {
    const spans = trace.spans;
    for (let index = from; index < spans.length; index++) {
      const span = spans[index];
      const category = spanCategory(span);
      if (category === undefined) continue;
      const decision = await (index === from
        ? pending
        : this.evaluateCall(this.contextFor(state, trace, span, category)));
      if (this.decided(state, trace, span, category, decision)) break;
    }
  }

  private record(
    trace: Trace,
    span: SpanRecord,
    category: 'tool' | 'llm',
    decision: Decision,
    alreadyBlocked: boolean,
  ): void {
    this.decisions[decision.action]++;
    const policyName = typeof decision.metadata.policyName === 'string' ? decision.metadata.policyName : undefined;
    const alerts = decision.metadata.alerts as ReadonlyArray<{ policy: string }> | undefined;
    if (Array.isArray(alerts)) for (const alert of alerts) this.breakdown(alert.policy).decisions[ActionType.ALERT]++;
    if (policyName !== undefined && !(decision.action === ActionType.ALERT && Array.isArray(alerts))) {
      this.breakdown(policyName).decisions[decision.action]++;
    }
    if (decision.action !== ActionType.BLOCK || alreadyBlocked) return;
    this.blockedTraceIds.push(trace.traceId);
    if (policyName !== undefined) this.breakdown(policyName).blockedTraceIds.push(trace.traceId);
    const run: BlockedRun = {
      traceId: trace.traceId,
      spanId: span.spanId,
      spanName: span.name,
      eventType: category === 'tool' ? 'tool_call' : 'model_call',
      reason: decision.reason ?? 'blocked',
    };
    if (category === 'tool') run.toolName = toolNameOf(span) ?? span.name;
    else if (modelOf(span) !== undefined) run.model = modelOf(span);
    if (policyName !== undefined) run.policyName = policyName;
    this.blockedRuns.push(run);
  }

  result(): BacktestResult {
    return new BacktestResult({
      policyName: this.evaluator.name,
      tracesAnalyzed: this.tracesAnalyzed,
      spansAnalyzed: this.spansAnalyzed,
      decisions: this.decisions,
      blockedTraceIds: this.blockedTraceIds,
      callsEvaluated: this.callsEvaluated,
      byPolicy: this.byPolicy,
      blockedRuns: this.blockedRuns,
    });
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Trace> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as AsyncIterable<Trace>)[Symbol.asyncIterator] === 'function'
  );
}

function isIterable(value: unknown): value is Iterable<Trace> {
  return (
    value !== null && typeof value === 'object' && typeof (value as Iterable<Trace>)[Symbol.iterator] === 'function'
  );
}

/**
 * Replays recorded runs through real context policies: for every tool and model span, in start
 * order, it rebuilds the `PolicyContext` the engine would have received before that call — the
 * run's user, agent, session and role (recorded on the root as `clearstone.user.id`,
 * `clearstone.agent.id`, `clearstone.session.id`, `clearstone.user.role`), the call
 * (`eventType`, `toolName`, `toolInput`, `toolCallId` or `model`) and the totals so far
 * (`tokensUsed`, `inputTokens`, `outputTokens`, `sessionCost`, `llmCallCount`, `toolCallCount`) —
 * and evaluates it. A blocked run stops at the blocked call unless `continueAfterBlock`.
 *
 * Cost facts a recorded context lacks come from the recording: a model call's `operationCost` is
 * what it is recorded to have cost, and `dailyCost` / `dailyTokens` are what the user's recorded
 * model calls cost that UTC day before it — over all the traces when they are given as an array,
 * else over the traces replayed so far (exact when they come oldest first). A context recorded
 * with these facts (`clearstoneMiddleware({ ledger })`) is decided on as recorded.
 *
 * @example
 * ```ts
 * import { blockDangerousToolsPolicy } from '@clearstone/policy/builtins';
 * const harness = new PolicyTestHarness('traces.db');
 * const result = await backtest([blockDangerousToolsPolicy()], harness.iterateTraces({ since: Date.now() - 7 * 86_400_000 }));
 * console.log(result.summary()); // what the new policy would have blocked last week
 * ```
 */
export async function backtest(
  engineOrPolicies: BacktestTarget,
  traces: Iterable<Trace> | AsyncIterable<Trace>,
  options: BacktestOptions = {},
): Promise<BacktestResult> {
  const run = startRun('backtest', engineOrPolicies, options);
  if (Array.isArray(traces)) run.prescan(traces);
  if (isAsyncIterable(traces)) {
    for await (const trace of traces) await run.add(trace);
  } else if (isIterable(traces)) {
    for (const trace of traces) {
      const pending = run.add(trace);
      if (pending !== undefined) await pending;
    }
  } else {
    throw new InvalidArgumentError({
      message: 'backtest: traces must be an array, an iterable or an async iterable of traces.',
      argument: 'traces',
    });
  }
  return run.result();
}

function startRun(caller: string, engineOrPolicies: BacktestTarget, options: BacktestOptions): BacktestRun {
  if (options === null || typeof options !== 'object')
    throw new InvalidArgumentError({ message: `${caller}: options must be an object.`, argument: 'options' });
  const evaluation = options.evaluation ?? 'auto';
  if (!['auto', 'sync', 'async'].includes(evaluation)) {
    throw new InvalidArgumentError({
      message: `${caller}: evaluation must be 'auto', 'sync' or 'async' (got ${String(evaluation)}).`,
      argument: 'evaluation',
    });
  }
  for (const key of ['userId', 'agentId'] as const) {
    const value: unknown = options.defaults?.[key];
    if (value !== undefined && typeof value !== 'string') {
      throw new InvalidArgumentError({
        message: `${caller}: defaults.${key} must be a string (got ${typeof value}).`,
        argument: 'defaults',
      });
    }
  }
  return new BacktestRun(resolveEvaluator(engineOrPolicies), options);
}

/**
 * {@link backtest} for synchronous policies and traces in memory: evaluates with `evaluateSync`
 * (a policy that returns a Promise gets the engine's fail-closed BLOCK) and returns at once.
 *
 * @example
 * ```ts
 * const result = backtestSync([tokenLimitPolicy()], traces, { metadata: { tokenLimit: 5000 } });
 * ```
 */
export function backtestSync(
  engineOrPolicies: BacktestTarget,
  traces: Iterable<Trace>,
  options: Omit<BacktestOptions, 'evaluation'> = {},
): BacktestResult {
  const run = startRun('backtestSync', engineOrPolicies, { ...options, evaluation: 'sync' });
  if (!isIterable(traces)) {
    throw new InvalidArgumentError({
      message: 'backtestSync: traces must be an array or an iterable of traces.',
      argument: 'traces',
    });
  }
  if (Array.isArray(traces)) run.prescan(traces);
  for (const trace of traces) run.addSync(trace);
  return run.result();
}
