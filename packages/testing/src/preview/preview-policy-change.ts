import { ALLOW, ActionType, ClearstoneAttributes, InvalidArgumentError } from '@clearstone/core';
import type { Decision, PolicyContext, SpanRecord, Trace } from '@clearstone/core';
import { callEvaluator, isPendingDecision, resolveEvaluator } from '../backtest/policy-evaluator';
import type { BacktestTarget, CallEvaluator, ResolvedEvaluator } from '../backtest/policy-evaluator';
import { frozenCopy } from '../backtest/freeze-deep';
import { callContext, runIdentity } from '../backtest/rebuild-context';
import type { RunIdentity } from '../backtest/rebuild-context';
import type { BacktestOptions } from '../backtest/backtest';
import { addCall, freshTotals } from '../backtest/run-totals';
import type { RunTotals } from '../backtest/run-totals';
import { emptyDecisionCounts } from '../result';
import { modelOf, spanCategory, toolNameOf } from '../spans';
import { PolicyChangePreview } from './policy-change-preview';
import type { ActionChange, PolicyFlip, PolicyFlipCounts } from './policy-change-preview';

/** Flips listed by default; the counts always cover every flip. */
export const DEFAULT_MAX_FLIPS = 1000;

/**
 * Options of {@link previewPolicyChange}: those of `backtest` it shares, given to both sets alike,
 * plus `maxFlips`. Which traces are compared (`since`, `until`, `limit`, filters) is chosen by the
 * trace source, e.g. `harness.iterateTraces({ since, until })`.
 *
 * `continueAfterBlock` keeps comparing a trace's later calls after either set blocks a call that
 * was recorded without the context it was decided on (older traces). Default false: the runs of the
 * two sets part there, so later calls are not compared. Calls recorded with their context are
 * always compared.
 */
export interface PreviewPolicyChangeOptions extends Pick<
  BacktestOptions,
  'metadata' | 'evaluation' | 'continueAfterBlock' | 'defaults'
> {
  /** Most flips listed in `flips` (default 1000; `0` lists none). The counts cover every flip. */
  maxFlips?: number;
}

interface TraceState {
  totals: RunTotals;
  identity: RunIdentity | undefined;
}

type Evaluation = Decision | PromiseLike<Decision>;

function policyOf(decision: Decision): string | undefined {
  const name = decision.metadata.policyName;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

class PreviewRun {
  private readonly evaluateBaseline: CallEvaluator;
  private readonly evaluateHead: CallEvaluator;
  private readonly staticMetadata: Record<string, unknown> | undefined;
  private readonly defaults: { userId: string; agentId: string };
  private readonly maxFlips: number;
  private readonly flips: PolicyFlip[] = [];
  private readonly byChange: Partial<Record<ActionChange, number>> = {};
  private readonly byPolicy: Record<string, PolicyFlipCounts> = {};
  private readonly baselineDecisions = emptyDecisionCounts();
  private readonly headDecisions = emptyDecisionCounts();
  private tracesAnalyzed = 0;
  private callsEvaluated = 0;
  private totalFlips = 0;
  private newBlocks = 0;
  private liftedBlocks = 0;

  constructor(
    private readonly baseline: ResolvedEvaluator,
    private readonly head: ResolvedEvaluator,
    private readonly options: PreviewPolicyChangeOptions,
  ) {
    const mode = options.evaluation ?? 'auto';
    this.evaluateBaseline = callEvaluator(baseline.engine, mode);
    this.evaluateHead = callEvaluator(head.engine, mode);
    this.staticMetadata = typeof options.metadata === 'function' ? undefined : frozenCopy(options.metadata);
    this.defaults = { userId: options.defaults?.userId || 'unknown', agentId: options.defaults?.agentId || 'unknown' };
    this.maxFlips = options.maxFlips ?? DEFAULT_MAX_FLIPS;
    for (const name of [...baseline.policyNames, ...head.policyNames]) this.counts(name);
  }

  private counts(name: string): PolicyFlipCounts {
    return (this.byPolicy[name] ??= { added: 0, removed: 0, newBlocks: 0, liftedBlocks: 0 });
  }

  private contextFor(state: TraceState, trace: Trace, span: SpanRecord, category: 'tool' | 'llm'): PolicyContext {
    state.identity ??= runIdentity(trace, this.defaults);
    const metadata = this.options.metadata;
    const extra = typeof metadata === 'function' ? frozenCopy(metadata(trace, span) ?? undefined) : this.staticMetadata;
    return callContext(state.identity, span, category, state.totals, extra);
  }

  /**
   * Compares one trace's tool and model calls under both sets. Returns a promise only when an
   * evaluation had to wait; a synchronous comparison is finished on return.
   */
  add(trace: Trace): Promise<void> | undefined {
    this.tracesAnalyzed++;
    const state: TraceState = { totals: freshTotals(), identity: undefined };
    const spans = trace.spans;
    for (let index = 0; index < spans.length; index++) {
      const span = spans[index];
      const category = spanCategory(span);
      if (category === undefined) continue;
      const context = this.contextFor(state, trace, span, category);
      const before = this.evaluateBaseline(context);
      const after = this.evaluateHead(context);
      if (isPendingDecision(before) || isPendingDecision(after))
        return this.addAsync(state, trace, index, context, before, after);
      if (this.decided(state, trace, span, category, context, before, after)) break;
    }
    return undefined;
  }

  /**
   * The rest of a comparison once an evaluation had to wait: the call at `from`, whose two
   * evaluations are given (not evaluated again), then the later calls.
   */
  private async addAsync(
    state: TraceState,
    trace: Trace,
    from: number,
    context: PolicyContext,
    pendingBefore: Evaluation,
    pendingAfter: Evaluation,
  ): Promise<void> {
    const spans = trace.spans;
    for (let index = from; index < spans.length; index++) {
      const span = spans[index];
      const category = spanCategory(span);
      if (category === undefined) continue;
      const ctx = index === from ? context : this.contextFor(state, trace, span, category);
      const [before, after] = await Promise.all([
        Promise.resolve(index === from ? pendingBefore : this.evaluateBaseline(ctx)),
        Promise.resolve(index === from ? pendingAfter : this.evaluateHead(ctx)),
      ]);
      if (this.decided(state, trace, span, category, ctx, before, after)) break;
    }
  }

  /** Records both decisions of a call; true when the comparison of this trace should stop. */
  private decided(
    state: TraceState,
    trace: Trace,
    span: SpanRecord,
    category: 'tool' | 'llm',
    context: PolicyContext,
    before: Decision,
    after: Decision,
  ): boolean {
    this.callsEvaluated++;
    this.baselineDecisions[before.action]++;
    this.headDecisions[after.action]++;
    if (before.action !== after.action) this.flip(trace, span, category, context, before, after);
    addCall(state.totals, span, category);
    if (before.action !== ActionType.BLOCK && after.action !== ActionType.BLOCK) return false;
    // A call recorded with the context it was decided on was decided live, and so were the calls
    // recorded after it. Without it, the run would have stopped at the block under one set at least.
    if (span.attributes[ClearstoneAttributes.POLICY_CONTEXT] !== undefined) return false;
    return this.options.continueAfterBlock !== true;
  }

  private flip(
    trace: Trace,
    span: SpanRecord,
    category: 'tool' | 'llm',
    context: PolicyContext,
    before: Decision,
    after: Decision,
  ): void {
    this.totalFlips++;
    const change: ActionChange = `${before.action}→${after.action}`;
    this.byChange[change] = (this.byChange[change] ?? 0) + 1;
    const beforePolicy = policyOf(before);
    const afterPolicy = policyOf(after);
    const blocks = after.action === ActionType.BLOCK;
    const lifts = before.action === ActionType.BLOCK;
    if (blocks) this.newBlocks++;
    if (lifts) this.liftedBlocks++;
    if (afterPolicy !== undefined) {
      const counts = this.counts(afterPolicy);
      counts.added++;
      if (blocks) counts.newBlocks++;
    }
    if (beforePolicy !== undefined) {
      const counts = this.counts(beforePolicy);
      counts.removed++;
      if (lifts) counts.liftedBlocks++;
    }
    if (this.flips.length >= this.maxFlips) return;
    const flip: PolicyFlip = {
      traceId: trace.traceId,
      spanId: span.spanId,
      kind: category === 'tool' ? 'tool' : 'model',
      before: before.action,
      after: after.action,
    };
    if (category === 'tool') flip.toolName = toolNameOf(span) ?? span.name;
    else {
      const model = modelOf(span);
      if (model !== undefined) flip.model = model;
    }
    if (context.userId !== '') flip.userId = context.userId;
    if (beforePolicy !== undefined) flip.beforePolicy = beforePolicy;
    if (afterPolicy !== undefined) flip.afterPolicy = afterPolicy;
    const reason = after.action !== ActionType.ALLOW ? after.reason : before.reason;
    if (reason !== undefined && reason !== '') flip.reason = reason;
    this.flips.push(flip);
  }

  result(): PolicyChangePreview {
    return new PolicyChangePreview({
      baseline: this.baseline.name,
      head: this.head.name,
      baselinePolicies: this.baseline.policyNames,
      headPolicies: this.head.policyNames,
      tracesAnalyzed: this.tracesAnalyzed,
      callsEvaluated: this.callsEvaluated,
      flips: this.flips,
      totalFlips: this.totalFlips,
      newBlocks: this.newBlocks,
      liftedBlocks: this.liftedBlocks,
      byChange: this.byChange,
      byPolicy: this.byPolicy,
      decisions: { baseline: this.baselineDecisions, head: this.headDecisions },
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

/** The set of no policies: every call allowed (a `PolicyEngine` refuses to be empty). */
const NO_POLICIES: ResolvedEvaluator = {
  engine: { evaluateSync: () => ALLOW, evaluate: () => Promise.resolve(ALLOW), hasAsyncPolicies: false, policies: [] },
  name: 'PolicyEngine()',
  policyNames: [],
};

function resolveSet(target: BacktestTarget, argument: 'baseline' | 'head'): ResolvedEvaluator {
  if (Array.isArray(target) && target.length === 0) return NO_POLICIES;
  try {
    return resolveEvaluator(target);
  } catch (error) {
    if (!InvalidArgumentError.isInstance(error)) throw error;
    throw new InvalidArgumentError({
      message: `previewPolicyChange: ${argument} must be a PolicyEngine, a policy function or an array of policies.`,
      argument,
    });
  }
}

function checkOptions(options: PreviewPolicyChangeOptions): void {
  if (options === null || typeof options !== 'object')
    throw new InvalidArgumentError({ message: 'previewPolicyChange: options must be an object.', argument: 'options' });
  const evaluation = options.evaluation ?? 'auto';
  if (!['auto', 'sync', 'async'].includes(evaluation)) {
    throw new InvalidArgumentError({
      message: `previewPolicyChange: evaluation must be 'auto', 'sync' or 'async' (got ${String(evaluation)}).`,
      argument: 'evaluation',
    });
  }
  const maxFlips: unknown = options.maxFlips;
  if (
    maxFlips !== undefined &&
    (typeof maxFlips !== 'number' ||
      !(Number.isSafeInteger(maxFlips) || maxFlips === Number.POSITIVE_INFINITY) ||
      maxFlips < 0)
  ) {
    throw new InvalidArgumentError({
      message: `previewPolicyChange: maxFlips must be a non-negative integer or Infinity (got ${String(maxFlips)}).`,
      argument: 'maxFlips',
    });
  }
  for (const key of ['userId', 'agentId'] as const) {
    const value: unknown = options.defaults?.[key];
    if (value !== undefined && typeof value !== 'string') {
      throw new InvalidArgumentError({
        message: `previewPolicyChange: defaults.${key} must be a string (got ${typeof value}).`,
        argument: 'defaults',
      });
    }
  }
}

/**
 * Previews a change of policies on recorded runs: replays every recorded tool and model call once,
 * rebuilding the context it was decided in as `backtest` does (the recorded
 * `clearstone.policy.context` when the integration recorded it), evaluates it with the `baseline`
 * set and with the `head` set, and reports every call whose final action differs — allow → block,
 * block → allow, an alert added or removed, a pause… — with counts per change and per policy.
 *
 * The traces are read once, as they stream: memory holds the counts and at most `maxFlips` flips,
 * however many traces there are. Identical sets report no flips. Stateful policies (rate limits,
 * budgets) should be separate instances in the two sets, as each set evaluates every call.
 *
 * @param baseline - the policies in force: a `PolicyEngine`, a policy or an array of policies
 * (an empty array: no policies, every call allowed).
 * @param head - the proposed policies, in the same forms.
 * @param traces - recorded traces, e.g. `harness.iterateTraces({ since, until })` (which chooses the window).
 * @example
 * ```ts
 * using harness = new PolicyTestHarness('traces.db');
 * const preview = await previewPolicyChange(
 *   [blockDangerousToolsPolicy()],
 *   [blockDangerousToolsPolicy(), tokenLimitPolicy()],
 *   harness.iterateTraces({ since: Date.now() - 7 * 86_400_000 }),
 *   { metadata: { tokenLimit: 5000 } },
 * );
 * console.log(`${preview.totalFlips} calls change; ${preview.newBlocks} newly blocked`);
 * for (const flip of preview.flips) console.log(flip.traceId, flip.toolName ?? flip.model, `${flip.before}→${flip.after}`);
 * ```
 */
export async function previewPolicyChange(
  baseline: BacktestTarget,
  head: BacktestTarget,
  traces: Iterable<Trace> | AsyncIterable<Trace>,
  options: PreviewPolicyChangeOptions = {},
): Promise<PolicyChangePreview> {
  checkOptions(options);
  const run = new PreviewRun(resolveSet(baseline, 'baseline'), resolveSet(head, 'head'), options);
  if (isAsyncIterable(traces)) {
    for await (const trace of traces) await run.add(trace);
  } else if (isIterable(traces)) {
    for (const trace of traces) {
      const pending = run.add(trace);
      if (pending !== undefined) await pending;
    }
  } else {
    throw new InvalidArgumentError({
      message: 'previewPolicyChange: traces must be an array, an iterable or an async iterable of traces.',
      argument: 'traces',
    });
  }
  return run.result();
}
