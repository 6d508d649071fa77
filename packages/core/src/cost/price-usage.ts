// The one place a cost is computed from token counts and a price.
import type { TokenUsage } from '../conventions/span-facts';
import type { ModelPrice } from './model-price';

/** What a model call (or several) cost in US dollars, by kind of token. The parts add up to `totalUsd`. */
export interface CostBreakdown {
  /** Everything. */
  totalUsd: number;
  /** Uncached input tokens. */
  inputUsd: number;
  /** Output tokens other than reasoning ones. */
  outputUsd: number;
  /** Input tokens read from the provider's cache. */
  cacheReadUsd: number;
  /** Input tokens written to the provider's cache (five-minute and one-hour writes). */
  cacheWriteUsd: number;
  /** Reasoning tokens. */
  reasoningUsd: number;
}

/** A cost of nothing. */
export const ZERO_COST: CostBreakdown = Object.freeze({
  totalUsd: 0,
  inputUsd: 0,
  outputUsd: 0,
  cacheReadUsd: 0,
  cacheWriteUsd: 0,
  reasoningUsd: 0,
});

const PARTS = ['inputUsd', 'outputUsd', 'cacheReadUsd', 'cacheWriteUsd', 'reasoningUsd'] as const;

/** Rounds away the binary noise of float arithmetic (far below a millionth of a cent). */
function dollars(amount: number): number {
  return Math.round(amount * 1e12) / 1e12;
}

function count(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function breakdown(parts: Omit<CostBreakdown, 'totalUsd'>): CostBreakdown {
  const rounded = Object.fromEntries(PARTS.map((part) => [part, dollars(parts[part])])) as Omit<
    CostBreakdown,
    'totalUsd'
  >;
  return { totalUsd: dollars(PARTS.reduce((sum, part) => sum + rounded[part], 0)), ...rounded };
}

/**
 * The cost of `usage` at `price`. Token counts are read the way LangChain's `usage_metadata`
 * reports them: input tokens include cached ones and output tokens include reasoning ones, so
 *
 * - uncached input = input − cache reads − cache writes, at `inputPerMillion`;
 * - cache reads at `cacheReadPerMillion`, cache writes at `cacheWritePerMillion` (the one-hour
 *   ones, `cacheWrite1hTokens`, at `cacheWrite1hPerMillion`), each defaulting to the input price;
 * - reasoning tokens at `reasoningPerMillion` (default: the output price), the rest of the output
 *   at `outputPerMillion` — no token is counted twice.
 *
 * Above `longContext.aboveInputTokens` input tokens the long-context prices apply. Counts that do
 * not fit (more cached than input tokens) are clamped: uncached input never goes below 0.
 *
 * @example
 * ```ts
 * // An OpenAI call: 2,000 prompt tokens of which 1,500 cached, 300 completion tokens of which 100 reasoning.
 * priceUsage(
 *   { inputTokens: 2000, outputTokens: 300, totalTokens: 2300, cacheReadTokens: 1500, reasoningTokens: 100 },
 *   findPrice('gpt-4o-2024-08-06')!,
 * ); // { totalUsd: 0.006125, inputUsd: 0.00125, cacheReadUsd: 0.001875, outputUsd: 0.002, reasoningUsd: 0.001, cacheWriteUsd: 0 }
 * ```
 */
export function priceUsage(usage: TokenUsage, price: ModelPrice): CostBreakdown {
  const input = count(usage.inputTokens);
  const output = count(usage.outputTokens);
  const long = price.longContext;
  const tier: ModelPrice = long !== undefined && input > long.aboveInputTokens ? { ...price, ...long } : price;
  const cacheRead = count(usage.cacheReadTokens);
  const cacheWrite = count(usage.cacheWriteTokens);
  const cacheWrite1h = Math.min(count(usage.cacheWrite1hTokens), cacheWrite);
  const uncached = Math.max(0, input - cacheRead - cacheWrite);
  const reasoning = Math.min(count(usage.reasoningTokens), output);
  const cacheWritePrice = tier.cacheWritePerMillion ?? tier.inputPerMillion;
  return breakdown({
    inputUsd: (uncached * tier.inputPerMillion) / 1e6,
    cacheReadUsd: (cacheRead * (tier.cacheReadPerMillion ?? tier.inputPerMillion)) / 1e6,
    cacheWriteUsd:
      ((cacheWrite - cacheWrite1h) * cacheWritePrice +
        cacheWrite1h * (tier.cacheWrite1hPerMillion ?? cacheWritePrice)) /
      1e6,
    outputUsd: ((output - reasoning) * tier.outputPerMillion) / 1e6,
    reasoningUsd: (reasoning * (tier.reasoningPerMillion ?? tier.outputPerMillion)) / 1e6,
  });
}

/**
 * The sum of two costs, part by part (`base` may be absent).
 *
 * @example
 * ```ts
 * const run = calls.reduce<CostBreakdown | undefined>((sum, call) => addCosts(sum, call), undefined);
 * ```
 */
export function addCosts(base: CostBreakdown | undefined, cost: CostBreakdown): CostBreakdown {
  if (base === undefined) return { ...cost };
  return breakdown(
    Object.fromEntries(PARTS.map((part) => [part, base[part] + cost[part]])) as Omit<CostBreakdown, 'totalUsd'>,
  );
}
