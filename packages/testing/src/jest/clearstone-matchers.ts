import { ActionType } from '@clearstone/core';
import type { Trace } from '@clearstone/core';
import {
  assertLlmCostIsLessThan,
  assertNoErrorsInTrace,
  assertSpanOrder,
  assertToolNotCalled,
  assertToolWasCalled,
  assertTrajectory,
  callsOf,
  toolSpans,
  toolTrajectory,
} from '../assertions';
import type { TrajectoryMode } from '../assertions';
import { backtestSync } from '../backtest';
import type { BacktestOptions, BacktestTarget } from '../backtest';
import { costOf, describeSpans } from '../spans';
import { evaluateTracePolicy, isStopping, tracePolicyName } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { matcherHint, outcome, requireTrace } from './matcher-message';
import type { MatcherContextLike, MatcherOutcome } from './matcher-message';

function spanIdsOf(metadata: Readonly<Record<string, unknown>>): string[] {
  return Array.isArray(metadata.spanIds) ? (metadata.spanIds as string[]) : [];
}

/** Runs a trace-level assertion; the negated explanation is used when `.not` fails. */
function assertionOutcome(
  context: MatcherContextLike,
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

function isContextTarget(policy: unknown): policy is BacktestTarget {
  if (Array.isArray(policy)) return true;
  if (typeof policy === 'function') return (policy as { policyInfo?: unknown }).policyInfo !== undefined;
  return policy !== null && typeof policy === 'object';
}

function totalCost(trace: Trace): number {
  return trace.spans.reduce((sum, span) => sum + (costOf(span) ?? 0), 0);
}

function contextPolicyOutcome(
  context: MatcherContextLike,
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
    options?: { times?: number },
  ): MatcherOutcome {
    requireTrace('toHaveCalledTool', received);
    const hint = matcherHint(this, 'toHaveCalledTool', [toolName, options]);
    const calls = (): string[] => callsOf(received, toolName).map((span) => span.spanId);
    const negated = (): string => {
      const found = callsOf(received, toolName);
      const times = options?.times === undefined ? '' : ` ${options.times} time(s)`;
      return `Expected tool '${toolName}' not to be called${times}, but it was called ${found.length} time(s): ${describeSpans(found)}`;
    };
    return assertionOutcome(
      this,
      hint,
      received,
      assertToolWasCalled(toolName, options?.times === undefined ? {} : { times: options.times }),
      negated,
      calls,
    );
  },

  toNotHaveCalledTool(this: MatcherContextLike, received: unknown, toolName: string): MatcherOutcome {
    requireTrace('toNotHaveCalledTool', received);
    const hint = matcherHint(this, 'toNotHaveCalledTool', [toolName]);
    return assertionOutcome(
      this,
      hint,
      received,
      assertToolNotCalled(toolName),
      () => `Expected tool '${toolName}' to be called, but it was not.`,
      () => [],
    );
  },

  toHaveNoErrors(this: MatcherContextLike, received: unknown): MatcherOutcome {
    requireTrace('toHaveNoErrors', received);
    const hint = matcherHint(this, 'toHaveNoErrors', []);
    return assertionOutcome(
      this,
      hint,
      received,
      assertNoErrorsInTrace(),
      () => 'Expected a span of the trace to have failed, but none did.',
      () => [],
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
    options?: { mode?: TrajectoryMode },
  ): MatcherOutcome {
    requireTrace('toMatchTrajectory', received);
    const hint = matcherHint(this, 'toMatchTrajectory', [expected, options]);
    const mode = options?.mode ?? 'strict';
    const negated = (): string =>
      `Expected the tool trajectory not to match [${expected.join(', ')}] (${mode}), but it does: [${toolTrajectory(received).join(', ')}].`;
    const toolIds = (): string[] => toolSpans(received).map((span) => span.spanId);
    return assertionOutcome(this, hint, received, assertTrajectory(expected, { mode }), negated, toolIds);
  },
};
