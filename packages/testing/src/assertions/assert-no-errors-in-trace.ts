import { ALLOW, BLOCK } from '@clearstone/core';
import { describeSpan } from '../spans';
import { callName, namePolicy } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { classifyFailedSpans } from './policy-stops';
import { requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/**
 * Passes when no span of the trace has status ERROR — not counting policy stops: a policy block
 * is not an error of the agent's code. A governed call that did not run (blocked, rejected, timed
 * out or paused) is not an error even when an older trace marked its span ERROR, and neither is a
 * chain or graph span that failed only because the `PolicyViolationError` (or `PolicyPauseError`)
 * of a stop below it propagated: its error names a policy stop (`Policy blocked …`,
 * `PolicyViolationError`, or the stop's reason). Any other error counts, blocked calls or not.
 *
 * @example
 * ```ts
 * assertNoErrorsInTrace()(trace).reason; // "Span 'execute_tool web_search' [1f2e3d4c] failed: timeout"
 * ```
 */
export function assertNoErrorsInTrace(options: AssertionOptions = {}): TracePolicy {
  requireOptions('assertNoErrorsInTrace', options);
  return namePolicy(callName('assertNoErrorsInTrace'), (trace) => {
    const { errors: failed, policyStops } = classifyFailedSpans(trace);
    if (failed.length === 0) return ALLOW;
    const [first] = failed;
    const more =
      failed.length > 1
        ? ` (and ${failed.length - 1} more failed span(s): ${failed.slice(1, 5).map(describeSpan).join(', ')})`
        : '';
    return BLOCK(
      options.reason ?? `Span ${describeSpan(first)} failed: ${first.errorMessage ?? 'no error message'}${more}`,
      {
        errors: failed.length,
        spanIds: failed.map((span) => span.spanId),
        policyStopSpanIds: policyStops.map((span) => span.spanId),
      },
    );
  });
}
