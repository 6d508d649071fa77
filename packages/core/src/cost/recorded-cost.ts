// Reading back what a recording says a call, or a whole trace, cost — and which calls' costs are unknown.
import type { SpanRecord } from '../trace';
import { ClearstoneAttributes } from '../conventions/clearstone-attributes';
import { costOf, modelOf, numberAttributeOf, usageOf } from '../conventions/span-facts';
import { innermost, traceCostOf, type SpansLike } from '../conventions/trace-facts';
import { UNNAMED_MODEL } from './call-cost';
import { addCosts, type CostBreakdown } from './price-usage';

/**
 * The recorded cost of a span by kind of token (`clearstone.cost.*_usd`), or undefined when the
 * span records no cost or only a total (older recordings, other SDKs).
 *
 * @example
 * ```ts
 * const parts = costBreakdownOf(span);
 * if (parts) console.log(`cached input: $${parts.cacheReadUsd.toFixed(4)}`);
 * ```
 */
export function costBreakdownOf(span: SpanRecord): CostBreakdown | undefined {
  const totalUsd = costOf(span);
  const inputUsd = numberAttributeOf(span, ClearstoneAttributes.COST_INPUT_USD);
  const outputUsd = numberAttributeOf(span, ClearstoneAttributes.COST_OUTPUT_USD);
  if (totalUsd === undefined || inputUsd === undefined || outputUsd === undefined) return undefined;
  return {
    totalUsd,
    inputUsd,
    outputUsd,
    cacheReadUsd: numberAttributeOf(span, ClearstoneAttributes.COST_CACHE_READ_USD) ?? 0,
    cacheWriteUsd: numberAttributeOf(span, ClearstoneAttributes.COST_CACHE_WRITE_USD) ?? 0,
    reasoningUsd: numberAttributeOf(span, ClearstoneAttributes.COST_REASONING_USD) ?? 0,
  };
}

/**
 * True when the span records a model call whose cost is unknown: it used tokens, but its model had
 * no price (`clearstone.cost.unknown`). Such a call is never counted as free.
 */
export function isCostUnknown(span: SpanRecord): boolean {
  return span.attributes[ClearstoneAttributes.COST_UNKNOWN] === true && costOf(span) === undefined;
}

/**
 * The cost of a whole trace by kind of token: the sum of {@link costBreakdownOf} over the spans
 * that make up `traceCostOf` (each model call once), with `totalUsd` = `traceCostOf(trace)`.
 * Undefined when no such span records a breakdown. Calls recorded with a total only count in
 * `totalUsd`, not in the parts.
 *
 * @example
 * ```ts
 * const cost = traceCostBreakdownOf(trace);
 * console.log(cost ? `$${cost.totalUsd.toFixed(4)} ($${cost.cacheReadUsd.toFixed(4)} cached input)` : 'cost unknown');
 * ```
 */
export function traceCostBreakdownOf(trace: SpansLike): CostBreakdown | undefined {
  let sum: CostBreakdown | undefined;
  for (const [, cost] of innermost(trace, (span) => (costOf(span) === undefined ? undefined : costBreakdownOf(span)))) {
    sum = addCosts(sum, cost);
  }
  if (sum === undefined) return undefined;
  return { ...sum, totalUsd: traceCostOf(trace) ?? sum.totalUsd };
}

/**
 * The models of the trace's model calls whose cost is unknown ({@link isCostUnknown}), each once,
 * in the order met; `'(unnamed model)'` for a call that names none. Empty when every call that used
 * tokens has a known cost.
 *
 * @example
 * ```ts
 * const unknown = unknownCostModelsOf(trace);
 * if (unknown.length > 0) console.warn(`cost unknown for ${unknown.join(', ')}`);
 * ```
 */
export function unknownCostModelsOf(trace: SpansLike): string[] {
  const models = innermost(trace, (span) =>
    isCostUnknown(span) && usageOf(span) !== undefined ? (modelOf(span) ?? UNNAMED_MODEL) : undefined,
  ).map(([, model]) => model);
  return [...new Set(models)];
}
