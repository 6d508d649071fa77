import type { Decision, Trace } from '@clearstone/core';
import { evaluateTracePolicy, isStopping, tracePolicyName } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';

/** One failed assertion of {@link checkTrace}. */
export interface TraceCheckFailure {
  /** Name of the assertion (or policy), e.g. `assertToolWasCalled("web_search")`. */
  assertion: string;
  /** Why it failed. */
  reason: string;
  /** The decision it returned (BLOCK or PAUSE). */
  decision: Decision;
}

/**
 * Runs every assertion on `trace` and returns the failures (empty when all pass). An assertion
 * fails when it returns BLOCK or PAUSE; one that throws fails with the error as its reason.
 *
 * @example
 * ```ts
 * const failures = checkTrace(trace, assertToolWasCalled('web_search'), assertNoErrorsInTrace(), assertMaxLlmCalls(3));
 * for (const failure of failures) console.error(`${failure.assertion}: ${failure.reason}`);
 * ```
 */
export function checkTrace(trace: Trace, ...assertions: TracePolicy[]): TraceCheckFailure[] {
  const failures: TraceCheckFailure[] = [];
  for (const assertion of assertions) {
    const decision = evaluateTracePolicy(assertion, trace);
    if (isStopping(decision)) {
      failures.push({ assertion: tracePolicyName(assertion), reason: decision.reason ?? decision.action, decision });
    }
  }
  return failures;
}
