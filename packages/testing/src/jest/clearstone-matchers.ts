import { ActionType, traceCostOf } from '@clearstone/core';
import type { SpanRecord, Trace } from '@clearstone/core';
import {
  assertLlmCostIsLessThan,
  assertNoErrorsInTrace,
  assertSpanOrder,
  assertToolNotCalled,
  assertToolWasBlocked,
  assertToolWasCalled,
  assertTrajectory,
  callsOf,
  classifyFailedSpans,
  describeBlockedCalls,
  matchingBlockedCalls,
  toolSpans,
  toolTrajectory,
} from '../assertions';
import type { BlockedCall, CallSelection, PreventedOutcome, ToolBlockedOptions, TrajectoryMode } from '../assertions';
import { backtestSync } from '../backtest';
import type { BacktestOptions, BacktestTarget } from '../backtest';
import { describeSpans } from '../spans';
import { evaluateTracePolicy, isStopping, tracePolicyName } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { matcherHint, outcome, requireTrace } from './matcher-message';
import type { MatcherContextLike, MatcherOutcome } from './matcher-message';

function spanIdsOf(metadata: Readonly<Record<string, unknown>>): string[] {
  return Array.isArray(metadata.spanIds) ? (metadata.spanIds as string[]) : [];
}

/** Runs a trace-level assertion; the negated explanation is used when `.not` fails. */
function assertionOutcome(
  _context: MatcherContextLike,
  hint: string,
  trace: Trace,
  assertion: TracePolicy,
  negated: () => string,
  negatedHighlight: () => string[],
): MatcherOutcome {
  const decision = evaluateTracePolicy(assertion, trace);
  const pass = !isStopping(decision);
  if (pass) return outcome(true, hint, negated, trace, negatedHighlight);
  return outcome(
    false,
    hint,
    () => decision.reason ?? `${tracePolicyName(assertion)} returned ${decision.action}.`,
    trace,
    () => spanIdsOf(decision.metadata),
  );
}

/** `{ includeBlocked }` when given and not false (the assertion validates it), else `{}` (names stay as they were). */
function selectionOf(options: CallSelection | undefined): CallSelection {
  const includeBlocked = options?.includeBlocked;
  return includeBlocked === undefined || includeBlocked === false ? {} : { includeBlocked };
}

function outcomesOf(outcome: ToolBlockedOptions['outcome']): readonly PreventedOutcome[] | undefined {
  if (outcome === undefined) return undefined;
  return Array.isArray(outcome) ? (outcome as readonly PreventedOutcome[]) : [outcome as PreventedOutcome];
}

function isContextTarget(policy: unknown): policy is BacktestTarget {
  if (Array.isArray(policy)) return true;
  if (typeof policy === 'function') return (policy as { policyInfo?: unknown }).policyInfo !== undefined;
  return policy !== null && typeof policy === 'object';
}

function totalCost(trace: Trace): number {
  return traceCostOf(trace) ?? 0;
}

function contextPolicyOutcome(
  _context: MatcherContextLike,
  hint: string,
  trace: Trace,
  target: BacktestTarget,
  options: Omit<BacktestOptions, 'evaluation'> | undefined,
): MatcherOutcome {
  const result = backtestSync(target, [trace], options);
  const paused = result.decisions[ActionType.PAUSE];
  const pass = result.runsBlocked === 0 && paused === 0;
  const [blocked] = result.blockedRuns;
  const explain = (): string => {
    if (pass)
      return `Expected ${result.policyName} to block or pause a call, but it allowed all ${result.callsEvaluated} recorded tool and model call(s).`;
    if (blocked === undefined) return `${result.policyName} would have paused ${paused} call(s) for approval.`;
    const by = blocked.policyName === undefined ? result.policyName : `Policy '${blocked.policyName}'`;
    return `${by} would have blocked ${blocked.eventType === 'tool_call' ? 'tool' : 'model'} call '${blocked.spanName}' [${blocked.spanId.slice(0, 8)}]: ${blocked.reason}`;
  };
  return outcome(pass, hint, explain, trace, () => (blocked === undefined ? [] : [blocked.spanId]));
}

/**
 * The Clearstone matchers, for `expect.extend(clearstoneMatchers)` (Jest or Vitest). Importing
 * `@clearstone/testing/jest` registers them on a global `expect` by itself.
 *
 * @example
 * ```ts
 * // vitest.setup.ts
 * import { expect } from 'vitest';
 * import { clearstoneMatchers } from '@clearstone/testing/jest';
 * expect.extend(clearstoneMatchers);
 * ```
 */
export const clearstoneMatchers = {
  toHaveCalledTool(
    this: MatcherContextLike,
    received: unknown,
    toolName: string,
    options?: { times?: number; includeBlocked?: boolean },
  ): MatcherOutcome {
    requireTrace('toHaveCalledTool', received);
    const hint = matcherHint(this, 'toHaveCalledTool', [toolName, options]);
    const selection = selectionOf(options);
    const calls = (): string[] => callsOf(received, toolName, selection).map((span) => span.spanId);
    const negated = (): string => {
      const found = callsOf(received, toolName, selection);
      const times = options?.times === undefined ? '' : ` ${options.times} time(s)`;
      return `Expected tool '${toolName}' not to be called${times}, but it was called ${found.length} time(s): ${describeSpans(found)}`;
    };
    return assertionOutcome(
      this,
      hint,
      received,
      assertToolWasCalled(toolName, {
        ...(options?.times === undefined ? {} : { times: options.times }),
        ...selection,
      }),
      negated,
      calls,
    );
  },

  toNotHaveCalledTool(
    this: MatcherContextLike,
    received: unknown,
    toolName: string,
    options?: { includeBlocked?: boolean },
  ): MatcherOutcome {
    requireTrace('toNotHaveCalledTool', received);
    const hint = matcherHint(this, 'toNotHaveCalledTool', [toolName, options]);
    return assertionOutcome(
      this,
      hint,
      received,
      assertToolNotCalled(toolName, selectionOf(options)),
      () => `Expected tool '${toolName}' to be called, but it was not.`,
      () => [],
    );
  },

  toHaveBlockedTool(
    this: MatcherContextLike,
    received: unknown,
    toolName: string,
    options?: Pick<ToolBlockedOptions, 'policy' | 'times' | 'outcome'>,
  ): MatcherOutcome {
    requireTrace('toHaveBlockedTool', received);
    const hint = matcherHint(this, 'toHaveBlockedTool', [toolName, options]);
    const assertion = assertToolWasBlocked(toolName, {
      ...(options?.policy === undefined ? {} : { policy: options.policy }),
      ...(options?.times === undefined ? {} : { times: options.times }),
      ...(options?.outcome === undefined ? {} : { outcome: options.outcome }),
    });
    const found = (): BlockedCall[] =>
      matchingBlockedCalls(received, toolName, options?.policy, outcomesOf(options?.outcome));
    const negated = (): string => {
      const calls = found();
      const by = options?.policy === undefined ? '' : ` by policy '${options.policy}'`;
      const times = options?.times === undefined ? '' : ` ${options.times} time(s)`;
      return `Expected tool '${toolName}' not to be blocked${by}${times}, but it was blocked ${calls.length} time(s): ${describeBlockedCalls(calls, received)}.`;
    };
    return assertionOutcome(this, hint, received, assertion, negated, () => found().map((call) => call.spanId));
  },

  toHaveNoErrors(this: MatcherContextLike, received: unknown): MatcherOutcome {
    requireTrace('toHaveNoErrors', received);
    const hint = matcherHint(this, 'toHaveNoErrors', []);
    const policyStops = (): SpanRecord[] => classifyFailedSpans(received).policyStops;
    const negated = (): string => {
      const stops = policyStops();
      const note =
        stops.length === 0
          ? ''
          : ` (${stops.length} span(s) stopped by a policy are not errors: ${describeSpans(stops)})`;
      return `Expected a span of the trace to have failed, but none did${note}.`;
    };
    return assertionOutcome(this, hint, received, assertNoErrorsInTrace(), negated, () =>
      policyStops().map((span) => span.spanId),
    );
  },

  toHaveSpanOrder(this: MatcherContextLike, received: unknown, spanNames: readonly string[]): MatcherOutcome {
    requireTrace('toHaveSpanOrder', received);
    const hint = matcherHint(this, 'toHaveSpanOrder', [spanNames]);
    const named = (): string[] =>
      received.spans.filter((span) => spanNames.includes(span.name)).map((span) => span.spanId);
    const negated = (): string =>
      `Expected spans ${spanNames.map((name) => `'${name}'`).join(' → ')} not to occur in this order, but they do.`;
    return assertionOutcome(this, hint, received, assertSpanOrder(spanNames), negated, named);
  },

  toCostLessThan(this: MatcherContextLike, received: unknown, maxCostUsd: number): MatcherOutcome {
    requireTrace('toCostLessThan', received);
    const hint = matcherHint(this, 'toCostLessThan', [maxCostUsd]);
    const negated = (): string =>
      `Expected the trace to cost at least $${maxCostUsd.toFixed(4)}, but it cost $${totalCost(received).toFixed(4)}.`;
    return assertionOutcome(this, hint, received, assertLlmCostIsLessThan(maxCostUsd), negated, () => []);
  },

  toPassPolicy(
    this: MatcherContextLike,
    received: unknown,
    policy: TracePolicy | BacktestTarget,
    options?: Omit<BacktestOptions, 'evaluation'>,
  ): MatcherOutcome {
    requireTrace('toPassPolicy', received);
    const hint = matcherHint(this, 'toPassPolicy', [policy]);
    if (isContextTarget(policy)) return contextPolicyOutcome(this, hint, received, policy, options);
    const tracePolicy = policy;
    const negated = (): string =>
      `Expected policy '${tracePolicyName(tracePolicy)}' to block the trace, but it did not (${evaluateTracePolicy(tracePolicy, received).action}).`;
    return assertionOutcome(this, hint, received, tracePolicy, negated, () => []);
  },

  toMatchTrajectory(
    this: MatcherContextLike,
    received: unknown,
    expected: readonly string[],
    options?: { mode?: TrajectoryMode; includeBlocked?: boolean },
  ): MatcherOutcome {
    requireTrace('toMatchTrajectory', received);
    const hint = matcherHint(this, 'toMatchTrajectory', [expected, options]);
    const mode = options?.mode ?? 'strict';
    const selection = selectionOf(options);
    const negated = (): string =>
      `Expected the tool trajectory not to match [${expected.join(', ')}] (${mode}), but it does: [${toolTrajectory(received, selection).join(', ')}].`;
    const toolIds = (): string[] => toolSpans(received, selection).map((span) => span.spanId);
    return assertionOutcome(this, hint, received, assertTrajectory(expected, { mode, ...selection }), negated, toolIds);
  },
};
