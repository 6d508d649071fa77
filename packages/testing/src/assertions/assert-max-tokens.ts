import { ALLOW, BLOCK } from '@clearstone/core';
import type { SpanRecord } from '@clearstone/core';
import { describeSpan, tokensOf } from '../spans';
import { callName, namePolicy } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { requireCount, requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/**
 * Passes when the trace used at most `maxTokens` tokens in total (`gen_ai.usage.input_tokens` +
 * `gen_ai.usage.output_tokens` over all spans).
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
    const used: Array<{ span: SpanRecord; tokens: number }> = [];
    let total = 0;
    for (const span of trace.spans) {
      const tokens = tokensOf(span).total;
      if (tokens === 0) continue;
      used.push({ span, tokens });
      total += tokens;
    }
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
