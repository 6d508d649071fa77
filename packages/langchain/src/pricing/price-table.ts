import { InvalidArgumentError } from '@clearstone/core';

/** Price of one model in US dollars per million tokens. */
export interface ModelPrice {
  /** US dollars per million input tokens. */
  inputPerMillion: number;
  /** US dollars per million output tokens. */
  outputPerMillion: number;
}

/**
 * Prices by model name. A model matches its exact name, else the longest name that is a prefix
 * of it (`'gpt-4o-mini'` prices `'gpt-4o-mini-2024-07-18'`).
 */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * Checks a price table and returns a frozen copy.
 *
 * @throws InvalidArgumentError when an entry is not `{ inputPerMillion, outputPerMillion }` with
 * finite non-negative numbers.
 */
export function validatePriceTable(prices: unknown): PriceTable {
  if (prices === undefined) return Object.freeze({});
  if (prices === null || typeof prices !== 'object' || Array.isArray(prices)) {
    throw new InvalidArgumentError({
      message: 'prices must be an object mapping model names to { inputPerMillion, outputPerMillion }.',
      argument: 'prices',
    });
  }
  const table: Record<string, ModelPrice> = {};
  for (const [model, price] of Object.entries(prices as Record<string, unknown>)) {
    const { inputPerMillion, outputPerMillion } = (price ?? {}) as Partial<ModelPrice>;
    if (!isPrice(inputPerMillion) || !isPrice(outputPerMillion)) {
      throw new InvalidArgumentError({
        message: `prices['${model}'] must be { inputPerMillion, outputPerMillion } with non-negative numbers.`,
        argument: 'prices',
      });
    }
    table[model] = Object.freeze({ inputPerMillion, outputPerMillion });
  }
  return Object.freeze(table);
}

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** The price entry for `model`, by exact name or longest prefix. */
export function findPrice(prices: PriceTable, model: string | undefined): ModelPrice | undefined {
  if (!model) return undefined;
  if (prices[model]) return prices[model];
  let best: string | undefined;
  for (const name of Object.keys(prices)) {
    if (model.startsWith(name) && (best === undefined || name.length > best.length)) best = name;
  }
  return best === undefined ? undefined : prices[best];
}

/** Cost in US dollars of a call, or `undefined` when the model has no price. */
export function costOf(
  prices: PriceTable,
  model: string | undefined,
  inputTokens: number,
  outputTokens: number,
): number | undefined {
  const price = findPrice(prices, model);
  if (!price) return undefined;
  return (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
}
