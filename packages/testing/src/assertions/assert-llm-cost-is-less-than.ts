import { ALLOW, BLOCK, isCostUnknown, spanCostsOf, unknownCostModelsOf } from '@clearstone/core';
import { describeSpan } from '../spans';
import { callName, namePolicy } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { requireAmount, requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/**
 * Passes when the trace's total cost is strictly less than `maxCostUsd`: the cost recorded on each
 * model call (`costOf`, which also reads the Python SDK's names), counted once (`traceCostOf` of
 * `@clearstone/core`; a run total an integration also writes on the root span is not added on
 * top). A trace that records no cost passes. A trace with a model call whose cost is unknown (its
 * model has no price: `clearstone.cost.unknown`) fails, naming the models, since its cost cannot
 * be shown to be under the limit.
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
    const unknownModels = unknownCostModelsOf(trace);
    if (unknownModels.length > 0) {
      const calls = trace.spans.filter(isCostUnknown);
      return BLOCK(
        options.reason ??
          `The trace's cost is unknown: no price for model ${unknownModels.map((model) => `'${model}'`).join(', ')} (${calls.length} call${calls.length === 1 ? '' : 's'}: ${calls
            .slice(0, 5)
            .map(describeSpan)
            .join(
              ', ',
            )}), so it cannot be shown to cost less than $${maxCostUsd.toFixed(4)}; give the prices (prices: { '<model>': { inputPerMillion, outputPerMillion } }).`,
        { maxCostUsd, unknownCostModels: unknownModels, spanIds: calls.map((span) => span.spanId) },
      );
    }
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
