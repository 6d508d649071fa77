// Which price applies to a model name: the user's table first, then the built-in one.
import { DEFAULT_PRICES, LOCAL_PROVIDERS } from './default-prices';
import type { ModelPrice, PriceTable } from './model-price';

/** Options of {@link findPrice}. */
export interface FindPriceOptions {
  /**
   * Provider of the model, when known (`ls_provider` or `response_metadata.model_provider`). A local
   * provider (`ollama`, `lmstudio`, `llamacpp`, `local`) makes the model free unless the user's
   * table prices it.
   */
  provider?: string;
}

interface TableIndex {
  byName: Map<string, ModelPrice>;
  /** Lower-cased names, longest first. */
  names: string[];
}

interface Match {
  price: ModelPrice;
  exact: boolean;
  length: number;
}

const FREE: ModelPrice = Object.freeze({ inputPerMillion: 0, outputPerMillion: 0 });
const SEPARATORS = new Set(['-', ':', '@', '/']);
const indexes = new WeakMap<PriceTable, TableIndex>();

function indexOf(table: PriceTable): TableIndex {
  let index = indexes.get(table);
  if (index === undefined) {
    const byName = new Map<string, ModelPrice>();
    for (const [name, price] of Object.entries(table)) byName.set(name.toLowerCase(), price);
    index = { byName, names: [...byName.keys()].sort((a, b) => b.length - a.length) };
    indexes.set(table, index);
  }
  return index;
}

/** `name` itself, then the name without a routing prefix (`openai/gpt-4o`, `models/gemini-2.5-pro`, Bedrock's `us.anthropic.`). */
function candidateNames(model: string): string[] {
  const name = model.trim().toLowerCase();
  const names = [name];
  const slash = name.lastIndexOf('/');
  if (slash !== -1 && slash < name.length - 1) names.push(name.slice(slash + 1));
  const bedrock = name.replace(/^(?:(?:us|eu|apac|global)\.)?anthropic\./, '');
  if (bedrock !== name) names.push(bedrock);
  return names;
}

function isPrefixOf(key: string, name: string): boolean {
  if (!name.startsWith(key) || key.length === name.length) return false;
  return SEPARATORS.has(key[key.length - 1]) || SEPARATORS.has(name[key.length]);
}

function lookup(table: PriceTable, names: readonly string[]): Match | undefined {
  const index = indexOf(table);
  for (const name of names) {
    const exact = index.byName.get(name);
    if (exact !== undefined) return { price: exact, exact: true, length: name.length };
  }
  for (const name of names) {
    const key = index.names.find((candidate) => isPrefixOf(candidate, name));
    if (key !== undefined) return { price: index.byName.get(key)!, exact: false, length: key.length };
  }
  return undefined;
}

/** True for a provider whose models run locally (Ollama, LM Studio, llama.cpp, `local`). */
export function isLocalProvider(provider: string | undefined): boolean {
  return provider !== undefined && LOCAL_PROVIDERS.has(provider.toLowerCase());
}

/**
 * The price of `model`: the user's `prices` win over {@link DEFAULT_PRICES} model by model. A name
 * matches exactly (case-insensitive) first; otherwise the longest table name that is a prefix of it
 * followed by `-`, `:`, `@` or `/` — so `claude-sonnet-4-5-20250929` is priced as
 * `claude-sonnet-4-5`, `gpt-4o-mini-2024-07-18` as `gpt-4o-mini`, `llama3.2:3b` as `llama3.2`,
 * but `gpt-5.2` is not priced as `gpt-5`. Routing prefixes (`openai/`, `models/`, Bedrock's
 * `anthropic.`) are tried without. A model of a local provider is free unless the user prices it.
 * Undefined when nothing matches: the cost is unknown, never a guess.
 *
 * @example
 * ```ts
 * findPrice('claude-sonnet-4-5-20250929'); // DEFAULT_PRICES['claude-sonnet-4-5']
 * findPrice('my-finetune', { 'my-finetune': { inputPerMillion: 3, outputPerMillion: 12 } });
 * findPrice('llama3.2', undefined, { provider: 'ollama' }); // { inputPerMillion: 0, outputPerMillion: 0 }
 * ```
 */
export function findPrice(
  model: string | undefined,
  prices?: PriceTable,
  options: FindPriceOptions = {},
): ModelPrice | undefined {
  const local = isLocalProvider(options.provider);
  if (model === undefined || model.trim() === '') return local ? FREE : undefined;
  const names = candidateNames(model);
  const user = prices === undefined ? undefined : lookup(prices, names);
  if (user?.exact) return user.price;
  if (local) return user?.price ?? FREE;
  const builtIn = lookup(DEFAULT_PRICES, names);
  if (builtIn?.exact) return builtIn.price;
  if (user !== undefined && builtIn !== undefined) return user.length >= builtIn.length ? user.price : builtIn.price;
  return user?.price ?? builtIn?.price;
}
