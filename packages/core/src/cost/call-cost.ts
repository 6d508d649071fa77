// Pricing one model call as an integration records it: its usage, its cost or the fact that its
// cost is unknown, and the span attributes that say so.
import type { Attributes } from '../trace';
import { ClearstoneAttributes } from '../conventions/clearstone-attributes';
import { GenAiAttributes } from '../conventions/gen-ai-attributes';
import type { TokenUsage } from '../conventions/span-facts';
import { findPrice } from './find-price';
import type { PriceTable } from './model-price';
import { priceUsage, type CostBreakdown } from './price-usage';

/** A model call to price. */
export interface PriceCallInput {
  /** The model as the provider reports it (else as requested); undefined when unknown. */
  model?: string;
  /** The provider, when known (a local one makes the call free). */
  provider?: string;
  /** The call's token usage. */
  usage: TokenUsage;
  /** The user's prices; they win over `DEFAULT_PRICES` model by model. */
  prices?: PriceTable;
}

/** A priced model call. */
export interface CallCost {
  /** The model priced, when named. */
  model?: string;
  /** The call's token usage. */
  usage: TokenUsage;
  /** The call's cost; undefined when the model has no known price (the cost is unknown). */
  cost?: CostBreakdown;
}

const warned = new Set<string>();

/** Name used for a model call whose model is not named. */
export const UNNAMED_MODEL = '(unnamed model)';

function warnUnknownPrice(model: string | undefined): void {
  const name = model ?? UNNAMED_MODEL;
  if (warned.has(name)) return;
  warned.add(name);
  if (typeof process === 'undefined' || typeof process.emitWarning !== 'function') return;
  const hint =
    model === undefined
      ? 'the call names no model'
      : `give its price as prices: { '${model}': { inputPerMillion, outputPerMillion } }`;
  process.emitWarning(
    `Clearstone has no price for model '${name}': its calls are recorded with cost unknown (${ClearstoneAttributes.COST_UNKNOWN}), not as free; ${hint}.`,
    { type: 'ClearstoneWarning', code: 'CLEARSTONE_UNKNOWN_MODEL_PRICE' },
  );
}

/**
 * Prices one model call with {@link findPrice} and {@link priceUsage}. A model without a known
 * price gives a call whose `cost` is undefined, and a process warning (`ClearstoneWarning`, code
 * `CLEARSTONE_UNKNOWN_MODEL_PRICE`) the first time the process meets that model.
 *
 * @example
 * ```ts
 * const call = priceCall({ model: 'gpt-4o-2024-08-06', usage: { inputTokens: 1200, outputTokens: 80, totalTokens: 1280 } });
 * span.setAttributes(callCostAttributes(call));
 * ```
 */
export function priceCall(input: PriceCallInput): CallCost {
  const price = findPrice(input.model, input.prices, { provider: input.provider });
  const call: CallCost = { usage: input.usage };
  if (input.model !== undefined) call.model = input.model;
  if (price === undefined) warnUnknownPrice(input.model);
  else call.cost = priceUsage(input.usage, price);
  return call;
}

/**
 * The usage attributes of a model call (or a run's sum): `gen_ai.usage.input_tokens` /
 * `output_tokens`, `clearstone.usage.total_tokens`, and the cache and reasoning counts when known.
 */
export function usageAttributes(usage: TokenUsage): Attributes {
  const attributes: Attributes = {
    [GenAiAttributes.USAGE_INPUT_TOKENS]: usage.inputTokens,
    [GenAiAttributes.USAGE_OUTPUT_TOKENS]: usage.outputTokens,
    [ClearstoneAttributes.USAGE_TOTAL_TOKENS]: usage.totalTokens,
  };
  if (usage.cacheReadTokens !== undefined)
    attributes[GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS] = usage.cacheReadTokens;
  if (usage.cacheWriteTokens !== undefined)
    attributes[GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS] = usage.cacheWriteTokens;
  if (usage.cacheWrite1hTokens !== undefined && usage.cacheWrite1hTokens > 0)
    attributes[ClearstoneAttributes.USAGE_CACHE_CREATION_1H_INPUT_TOKENS] = usage.cacheWrite1hTokens;
  if (usage.reasoningTokens !== undefined)
    attributes[GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS] = usage.reasoningTokens;
  return attributes;
}

/**
 * The cost attributes of a known cost: `clearstone.cost.usd` and its parts
 * (`clearstone.cost.input_usd`, `output_usd`, `cache_read_usd`, `cache_write_usd`, `reasoning_usd`).
 */
export function costAttributes(cost: CostBreakdown): Attributes {
  return {
    [ClearstoneAttributes.COST_USD]: cost.totalUsd,
    [ClearstoneAttributes.COST_INPUT_USD]: cost.inputUsd,
    [ClearstoneAttributes.COST_OUTPUT_USD]: cost.outputUsd,
    [ClearstoneAttributes.COST_CACHE_READ_USD]: cost.cacheReadUsd,
    [ClearstoneAttributes.COST_CACHE_WRITE_USD]: cost.cacheWriteUsd,
    [ClearstoneAttributes.COST_REASONING_USD]: cost.reasoningUsd,
  };
}

/**
 * Everything a model call's span records about what it used and cost: {@link usageAttributes}, and
 * {@link costAttributes} when the cost is known, else `clearstone.cost.unknown = true`.
 */
export function callCostAttributes(call: CallCost): Attributes {
  return {
    ...usageAttributes(call.usage),
    ...(call.cost === undefined ? { [ClearstoneAttributes.COST_UNKNOWN]: true } : costAttributes(call.cost)),
  };
}

function add(first: number | undefined, second: number | undefined): number | undefined {
  return first === undefined && second === undefined ? undefined : (first ?? 0) + (second ?? 0);
}

/**
 * The sum of two usages (`base` may be absent); an optional count is present when either has it.
 *
 * @example
 * ```ts
 * const total = calls.reduce<TokenUsage | undefined>((sum, call) => addUsage(sum, call.usage), undefined);
 * ```
 */
export function addUsage(base: TokenUsage | undefined, usage: TokenUsage): TokenUsage {
  const sum: TokenUsage = {
    inputTokens: (base?.inputTokens ?? 0) + usage.inputTokens,
    outputTokens: (base?.outputTokens ?? 0) + usage.outputTokens,
    totalTokens: (base?.totalTokens ?? 0) + usage.totalTokens,
  };
  const optional = [
    'cacheReadTokens',
    'cacheWriteTokens',
    'cacheWrite1hTokens',
    'reasoningTokens',
    'audioInputTokens',
    'audioOutputTokens',
  ] as const;
  for (const key of optional) {
    const value = add(base?.[key], usage[key]);
    if (value !== undefined) sum[key] = value;
  }
  return sum;
}
