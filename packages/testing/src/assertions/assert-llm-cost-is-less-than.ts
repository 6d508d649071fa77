import { ALLOW, BLOCK, spanCostsOf } from '@clearstone/core';
import { describeSpan } from '../spans';
import { callName, namePolicy } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { requireAmount, requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/**
 * Passes when the trace's total cost is strictly less than `maxCostUsd`: the cost recorded on each
 * model call (`costOf`, which also reads the Python SDK's names), counted once (`traceCostOf` of
 * `@clearstone/core`; a run total an integration also writes on the root span is not added on
 * top). A trace that records no cost passes.
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
    const costed = spanCostsOf(trace).map(({ span, costUsd }) => ({ span, cost: costUsd }));
    const total = costed.reduce((sum, { cost }) => sum + cost, 0);
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
