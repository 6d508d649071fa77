import { ALLOW, BLOCK } from '@clearstone/core';
import { describeSpans, isLlmSpan } from '../spans';
import { callName, namePolicy } from '../trace-policy';
import { isBlockedCall } from './blocked-calls';
import type { TracePolicy } from '../trace-policy';
import { requireCount, requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/**
 * Passes when the trace made at most `maxCalls` model calls (spans with a `chat`,
 * `text_completion` or `generate_content` operation, or a model attribute). A governed model call
 * that did not run (blocked, rejected, timed out or paused) is not counted.
 *
 * @example
 * ```ts
 * assertMaxLlmCalls(3)(trace).action; // 'block' when the agent looped on the model
 * ```
 */
export function assertMaxLlmCalls(maxCalls: number, options: AssertionOptions = {}): TracePolicy {
  requireCount('assertMaxLlmCalls', 'maxCalls', maxCalls);
  requireOptions('assertMaxLlmCalls', options);
  return namePolicy(callName('assertMaxLlmCalls', maxCalls), (trace) => {
    const calls = trace.spans.filter((span) => isLlmSpan(span) && !isBlockedCall(span));
    if (calls.length <= maxCalls) return ALLOW;
    return BLOCK(
      options.reason ??
        `Expected at most ${maxCalls} LLM call(s), but there were ${calls.length}: ${describeSpans(calls)}`,
      {
        maxCalls,
        calls: calls.length,
        spanIds: calls.map((span) => span.spanId),
      },
    );
  });
}
