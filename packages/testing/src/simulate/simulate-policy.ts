import { ActionType, InvalidArgumentError } from '@clearstone/core';
import type { Trace } from '@clearstone/core';
import { PolicyTestResult, emptyDecisionCounts } from '../result';
import { evaluateTracePolicy, tracePolicyName } from '../trace-policy';
import type { SpanPolicy, TracePolicy } from '../trace-policy';

function requirePolicy(caller: string, policy: unknown): void {
  if (typeof policy !== 'function') {
    throw new InvalidArgumentError({ message: `${caller}: policy must be a function.`, argument: 'policy' });
  }
}

function requireTraces(caller: string, traces: unknown): asserts traces is Iterable<Trace> {
  if (
    traces === null ||
    typeof traces !== 'object' ||
    typeof (traces as Iterable<Trace>)[Symbol.iterator] !== 'function'
  ) {
    throw new InvalidArgumentError({
      message: `${caller}: traces must be an array or iterable of traces.`,
      argument: 'traces',
    });
  }
}

/**
 * Runs a trace-level policy (such as an assertion) once per trace. A trace is blocked when the
 * policy returns BLOCK; a policy that throws blocks the trace (fail-closed) with the error as reason.
 *
 * @example
 * ```ts
 * const result = simulatePolicy(assertToolWasCalled('web_search', { times: 1 }), traces);
 * result.summary().runsBlocked; // traces where the search did not happen exactly once
 * ```
 */
export function simulatePolicy(policy: TracePolicy, traces: Iterable<Trace>): PolicyTestResult {
  requirePolicy('simulatePolicy', policy);
  requireTraces('simulatePolicy', traces);
  const decisions = emptyDecisionCounts();
  const blockedTraceIds: string[] = [];
  let tracesAnalyzed = 0;
  let spansAnalyzed = 0;
  for (const trace of traces) {
    tracesAnalyzed++;
    spansAnalyzed += trace.spans.length;
    const decision = evaluateTracePolicy(policy, trace);
    decisions[decision.action]++;
    if (decision.action === ActionType.BLOCK) blockedTraceIds.push(trace.traceId);
  }
  return new PolicyTestResult({
    policyName: tracePolicyName(policy),
    tracesAnalyzed,
    spansAnalyzed,
    decisions,
    blockedTraceIds,
  });
}

/**
 * Runs a span-level policy on every span of every trace. Decisions are counted per span; a trace
 * is blocked (once) when any of its spans is, and the block rate is per trace.
 *
 * @example
 * ```ts
 * const expensive = (span: SpanRecord) => ((span.attributes['clearstone.cost.usd'] as number) > 1 ? BLOCK('costly call') : ALLOW);
 * simulateSpanPolicy(expensive, traces).summary(); // { runsBlocked: 1, blockRatePercent: 50, … }
 * ```
 */
export function simulateSpanPolicy(policy: SpanPolicy, traces: Iterable<Trace>): PolicyTestResult {
  requirePolicy('simulateSpanPolicy', policy);
  requireTraces('simulateSpanPolicy', traces);
  const decisions = emptyDecisionCounts();
  const blockedTraceIds: string[] = [];
  let tracesAnalyzed = 0;
  let spansAnalyzed = 0;
  for (const trace of traces) {
    tracesAnalyzed++;
    let blocked = false;
    for (const span of trace.spans) {
      spansAnalyzed++;
      const decision = evaluateTracePolicy(policy, span);
      decisions[decision.action]++;
      if (decision.action === ActionType.BLOCK && !blocked) {
        blocked = true;
        blockedTraceIds.push(trace.traceId);
      }
    }
  }
  return new PolicyTestResult({
    policyName: tracePolicyName(policy),
    tracesAnalyzed,
    spansAnalyzed,
    decisions,
    blockedTraceIds,
  });
}
