// What a model costs, and the checks a user-given price table goes through.
import { InvalidArgumentError } from '../errors';

/**
 * Prices that apply instead of the standard ones when a call's input is larger than
 * `aboveInputTokens` (Gemini Pro and Claude Sonnet charge more for long prompts). Fields left out
 * keep the standard price.
 */
export interface LongContextPrice {
  /** The prices apply when the call's input tokens (cached ones included) exceed this many. */
  aboveInputTokens: number;
  /** US dollars per million uncached input tokens. */
  inputPerMillion: number;
  /** US dollars per million output tokens. */
  outputPerMillion: number;
  /** US dollars per million input tokens read from the cache. */
  cacheReadPerMillion?: number;
  /** US dollars per million input tokens written to the cache (five-minute lifetime). */
  cacheWritePerMillion?: number;
  /** US dollars per million input tokens written to the cache with a one-hour lifetime. */
  cacheWrite1hPerMillion?: number;
}

/**
 * Price of one model in US dollars per million tokens. Only `inputPerMillion` and
 * `outputPerMillion` are required: a token kind without its own price is priced like the tokens it
 * is part of (cache reads and writes like input, reasoning like output).
 *
 * @example
 * ```ts
 * const sonnet: ModelPrice = {
 *   inputPerMillion: 3,
 *   outputPerMillion: 15,
 *   cacheReadPerMillion: 0.3,
 *   cacheWritePerMillion: 3.75,
 *   cacheWrite1hPerMillion: 6,
 * };
 * ```
 */
export interface ModelPrice {
  /** US dollars per million uncached input tokens. */
  inputPerMillion: number;
  /** US dollars per million output tokens. */
  outputPerMillion: number;
  /** US dollars per million input tokens read from the provider's cache (default: the input price). */
  cacheReadPerMillion?: number;
  /** US dollars per million input tokens written to the cache, five-minute lifetime (default: the input price). */
  cacheWritePerMillion?: number;
  /** US dollars per million input tokens written to the cache with a one-hour lifetime (default: the cache-write price). */
  cacheWrite1hPerMillion?: number;
  /** US dollars per million reasoning tokens (default: the output price, as every current provider bills them). */
  reasoningPerMillion?: number;
  /** Other prices above a prompt size. */
  longContext?: LongContextPrice;
}

/**
 * Prices by model name. A model matches its exact name, else the longest name that is a prefix of
 * it followed by `-`, `:`, `@` or `/` (`'gpt-4o-mini'` prices `'gpt-4o-mini-2024-07-18'`); see
 * {@link findPrice}.
 */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

const OPTIONAL_FIELDS = [
  'cacheReadPerMillion',
  'cacheWritePerMillion',
  'cacheWrite1hPerMillion',
  'reasoningPerMillion',
] as const;

function isAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function invalid(where: string, argument: string): InvalidArgumentError {
  return new InvalidArgumentError({
    message: `${where} must be { inputPerMillion, outputPerMillion } with non-negative numbers (optional: ${OPTIONAL_FIELDS.join(', ')}, longContext).`,
    argument,
  });
}

function checkPrice(value: unknown, where: string, argument: string): ModelPrice {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(where, argument);
  const given = value as Record<string, unknown>;
  if (!isAmount(given.inputPerMillion) || !isAmount(given.outputPerMillion)) throw invalid(where, argument);
  const price: ModelPrice = { inputPerMillion: given.inputPerMillion, outputPerMillion: given.outputPerMillion };
  for (const field of OPTIONAL_FIELDS) {
    const amount = given[field];
    if (amount === undefined) continue;
    if (!isAmount(amount)) throw invalid(where, argument);
    price[field] = amount;
  }
  if (given.longContext !== undefined) {
    const long = checkPrice(given.longContext, `${where}.longContext`, argument) as LongContextPrice;
    const threshold = (given.longContext as Record<string, unknown>).aboveInputTokens;
    if (!isAmount(threshold)) {
      throw new InvalidArgumentError({
        message: `${where}.longContext.aboveInputTokens must be a non-negative number.`,
        argument,
      });
    }
    price.longContext = Object.freeze({ ...long, aboveInputTokens: threshold });
  }
  return Object.freeze(price);
}

/**
 * Checks a price table given by a user and returns a frozen copy. Tables written for earlier
 * versions (`{ inputPerMillion, outputPerMillion }` per model) are valid as they are.
 *
 * @throws InvalidArgumentError when the table is not an object or an entry is not a {@link ModelPrice}
 * with finite non-negative numbers.
 *
 * @example
 * ```ts
 * const prices = validatePrices({ 'my-finetune': { inputPerMillion: 3, outputPerMillion: 12 } });
 * ```
 */
export function validatePrices(prices: unknown, argument = 'prices'): PriceTable {
  if (prices === undefined) return Object.freeze({});
  if (prices === null || typeof prices !== 'object' || Array.isArray(prices)) {
    throw new InvalidArgumentError({
      message: `${argument} must be an object mapping model names to { inputPerMillion, outputPerMillion }.`,
      argument,
    });
  }
  const table: Record<string, ModelPrice> = {};
  for (const [model, price] of Object.entries(prices as Record<string, unknown>)) {
    table[model] = checkPrice(price, `${argument}['${model}']`, argument);
  }
  return Object.freeze(table);
}
