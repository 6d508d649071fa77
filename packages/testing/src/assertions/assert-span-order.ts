import { ALLOW, BLOCK } from '@clearstone/core';
import type { SpanRecord } from '@clearstone/core';
import { describeSpan } from '../spans';
import { callName, namePolicy } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { requireNames, requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/**
 * Passes when spans with the given names occur in this order (start order), not necessarily
 * adjacent: `['plan', 'act']` matches `plan, search, act`. An empty list always passes.
 *
 * @example
 * ```ts
 * assertSpanOrder(['plan', 'execute_tool web_search', 'synthesize'])(trace);
 * ```
 */
export function assertSpanOrder(spanNames: readonly string[], options: AssertionOptions = {}): TracePolicy {
  requireNames('assertSpanOrder', 'spanNames', spanNames);
  requireOptions('assertSpanOrder', options);
  const expected = [...spanNames];
  return namePolicy(callName('assertSpanOrder', expected), (trace) => {
    const matched: SpanRecord[] = [];
    let next = 0;
    for (const span of trace.spans) {
      if (next < expected.length && span.name === expected[next]) {
        matched.push(span);
        next++;
      }
    }
    if (next === expected.length) return ALLOW;
    const missing = expected[next];
    const after = matched.length > 0 ? ` after ${describeSpan(matched[matched.length - 1])}` : '';
    const why = trace.spans.some((span) => span.name === missing)
      ? `no '${missing}'${after}`
      : `no span is named '${missing}'`;
    const order = expected.map((name) => `'${name}'`).join(' → ');
    return BLOCK(
      options.reason ??
        `Expected span sequence ${order} was not found in order: matched ${next} of ${expected.length}, then ${why}. Spans in order: ${trace.spans.map((span) => span.name).join(', ')}`,
      { expected, matched: next, spanIds: matched.map((span) => span.spanId) },
    );
  });
}
