import { ALLOW, BLOCK, SpanStatusCode } from '@clearstone/core';
import { describeSpan } from '../spans';
import { callName, namePolicy } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/**
 * Passes when no span of the trace has status ERROR.
 *
 * @example
 * ```ts
 * assertNoErrorsInTrace()(trace).reason; // "Span 'execute_tool web_search' [1f2e3d4c] failed: timeout"
 * ```
 */
export function assertNoErrorsInTrace(options: AssertionOptions = {}): TracePolicy {
  requireOptions('assertNoErrorsInTrace', options);
  return namePolicy(callName('assertNoErrorsInTrace'), (trace) => {
    const failed = trace.spans.filter((span) => span.status === SpanStatusCode.ERROR);
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
      },
    );
  });
}
