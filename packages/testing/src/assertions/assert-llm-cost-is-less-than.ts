import { ALLOW, BLOCK } from '@clearstone/core';
import type { SpanRecord } from '@clearstone/core';
import { costOf, describeSpan } from '../spans';
import { callName, namePolicy } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { requireAmount, requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/**
 * Passes when the total cost recorded on the trace's spans (`clearstone.cost.usd`, or the Python
 * SDK's `llm.cost` / `llm.cost_usd`) is strictly less than `maxCostUsd`.
 *
 * @example
 * ```ts
 * const underBudget = assertLlmCostIsLessThan(0.05);
 * underBudget(trace).action; // 'allow' when the run cost under 5 cents
 * ```
 */
export function assertLlmCostIsLessThan(maxCostUsd: number, options: AssertionOptions = {}): TracePolicy {
  requireAmount('assertLlmCostIsLessThan', 'maxCostUsd', maxCostUsd);
  requireOptions('assertLlmCostIsLessThan', options);
  return namePolicy(callName('assertLlmCostIsLessThan', maxCostUsd), (trace) => {
    const costed: Array<{ span: SpanRecord; cost: number }> = [];
    let total = 0;
    for (const span of trace.spans) {
      const cost = costOf(span);
      if (cost === undefined) continue;
      costed.push({ span, cost });
      total += cost;
    }
    if (total < maxCostUsd) return ALLOW;
    const costliest = costed.sort((a, b) => b.cost - a.cost).slice(0, 5);
    const listed = costliest.map(({ span, cost }) => `${describeSpan(span)} $${cost.toFixed(4)}`).join(', ');
    return BLOCK(
      options.reason ??
        `Total LLM cost $${total.toFixed(4)} is not less than the limit of $${maxCostUsd.toFixed(4)}; costliest spans: ${listed}`,
      {
        totalCostUsd: total,
        maxCostUsd,
        spanIds: costliest.map(({ span }) => span.spanId),
      },
    );
  });
}
