import { ALLOW, BLOCK, spanUsagesOf } from '@clearstone/core';
import { describeSpan } from '../spans';
import { callName, namePolicy } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { requireCount, requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/**
 * Passes when the trace used at most `maxTokens` tokens in total: input + output tokens of each
 * model call, counted once (`traceUsageOf` of `@clearstone/core`; the run totals an integration
 * also writes on the root span are not added on top).
 *
 * @example
 * ```ts
 * assertMaxTokens(5000)(trace);
 * ```
 */
export function assertMaxTokens(maxTokens: number, options: AssertionOptions = {}): TracePolicy {
  requireCount('assertMaxTokens', 'maxTokens', maxTokens);
  requireOptions('assertMaxTokens', options);
  return namePolicy(callName('assertMaxTokens', maxTokens), (trace) => {
    const used = spanUsagesOf(trace)
      .map(({ span, usage }) => ({ span, tokens: usage.totalTokens }))
      .filter(({ tokens }) => tokens > 0);
    const total = used.reduce((sum, { tokens }) => sum + tokens, 0);
    if (total <= maxTokens) return ALLOW;
    const largest = used.sort((a, b) => b.tokens - a.tokens).slice(0, 5);
    const listed = largest.map(({ span, tokens }) => `${describeSpan(span)} ${tokens}`).join(', ');
    return BLOCK(
      options.reason ?? `Used ${total} tokens, more than the limit of ${maxTokens}; largest spans: ${listed}`,
      {
        totalTokens: total,
        maxTokens,
        spanIds: largest.map(({ span }) => span.spanId),
      },
    );
  });
}
