// The built-in price table. Update it (and DEFAULT_PRICES_AS_OF) when a provider changes a price
// or ships a model; a changeset should say so.
//
// Source: the providers' published pricing pages, standard (pay-as-you-go, non-batch, non-priority)
// tier, text tokens, in US dollars per million tokens:
//   OpenAI     https://platform.openai.com/docs/pricing
//   Anthropic  https://docs.claude.com/en/docs/about-claude/pricing  (cache writes: 5-minute 1.25×
//              input, 1-hour 2× input; cache reads 0.1× input)
//   Google     https://ai.google.dev/gemini-api/docs/pricing  (paid tier; "context caching" is the
//              cache-read price; cache storage per hour is not a token price and is not counted)
//   Mistral    https://mistral.ai/pricing#api-pricing
//   DeepSeek   https://api-docs.deepseek.com/quick_start/pricing  (V3.2: "cache hit" is the
//              cache-read price, "cache miss" the input price)
// Prices as of 2025-11-24. Audio, image and video tokens are priced as text tokens; tool fees
// (web search, code execution) and storage are not token prices and are not included.
import type { ModelPrice, PriceTable } from './model-price';

/** The date (UTC, `YYYY-MM-DD`) of the prices in {@link DEFAULT_PRICES}. */
export const DEFAULT_PRICES_AS_OF = '2025-11-24';

const FREE: ModelPrice = Object.freeze({ inputPerMillion: 0, outputPerMillion: 0 });

/** OpenAI: cached input is discounted, cache writes are free (priced as input). */
function openai(input: number, cachedInput: number | undefined, output: number): ModelPrice {
  return cachedInput === undefined
    ? { inputPerMillion: input, outputPerMillion: output }
    : { inputPerMillion: input, outputPerMillion: output, cacheReadPerMillion: cachedInput };
}

/** Anthropic: cache reads at 0.1×, five-minute writes at 1.25×, one-hour writes at 2× the input price. */
function anthropic(input: number, output: number, longContext?: { input: number; output: number }): ModelPrice {
  const cache = (base: number) => ({
    cacheReadPerMillion: round(base * 0.1),
    cacheWritePerMillion: round(base * 1.25),
    cacheWrite1hPerMillion: round(base * 2),
  });
  const price: ModelPrice = { inputPerMillion: input, outputPerMillion: output, ...cache(input) };
  if (longContext !== undefined) {
    price.longContext = {
      aboveInputTokens: 200_000,
      inputPerMillion: longContext.input,
      outputPerMillion: longContext.output,
      ...cache(longContext.input),
    };
  }
  return price;
}

/** Google Gemini: context caching is the cache-read price; some models charge more above 200k input tokens. */
function gemini(
  input: number,
  output: number,
  cacheRead: number | undefined,
  above200k?: { input: number; output: number; cacheRead: number },
): ModelPrice {
  const price: ModelPrice = { inputPerMillion: input, outputPerMillion: output };
  if (cacheRead !== undefined) price.cacheReadPerMillion = cacheRead;
  if (above200k !== undefined) {
    price.longContext = {
      aboveInputTokens: 200_000,
      inputPerMillion: above200k.input,
      outputPerMillion: above200k.output,
      cacheReadPerMillion: above200k.cacheRead,
    };
  }
  return price;
}

function plain(input: number, output: number): ModelPrice {
  return { inputPerMillion: input, outputPerMillion: output };
}

function freezePrice(price: ModelPrice): ModelPrice {
  if (price.longContext !== undefined) Object.freeze(price.longContext);
  return Object.freeze(price);
}

function round(amount: number): number {
  return Math.round(amount * 1e6) / 1e6;
}

const HOSTED: Record<string, ModelPrice> = {
  // OpenAI
  'gpt-5.1': openai(1.25, 0.125, 10),
  'gpt-5.1-codex-mini': openai(0.25, 0.025, 2),
  'gpt-5': openai(1.25, 0.125, 10),
  'gpt-5-mini': openai(0.25, 0.025, 2),
  'gpt-5-nano': openai(0.05, 0.005, 0.4),
  'gpt-5-pro': openai(15, undefined, 120),
  'gpt-4.1': openai(2, 0.5, 8),
  'gpt-4.1-mini': openai(0.4, 0.1, 1.6),
  'gpt-4.1-nano': openai(0.1, 0.025, 0.4),
  'gpt-4o': openai(2.5, 1.25, 10),
  'gpt-4o-2024-05-13': openai(5, undefined, 15),
  'gpt-4o-mini': openai(0.15, 0.075, 0.6),
  'chatgpt-4o-latest': openai(5, undefined, 15),
  o1: openai(15, 7.5, 60),
  'o1-mini': openai(1.1, 0.55, 4.4),
  'o1-pro': openai(150, undefined, 600),
  o3: openai(2, 0.5, 8),
  'o3-mini': openai(1.1, 0.55, 4.4),
  'o3-pro': openai(20, undefined, 80),
  'o3-deep-research': openai(10, 2.5, 40),
  'o4-mini': openai(1.1, 0.275, 4.4),
  'o4-mini-deep-research': openai(2, 0.5, 8),
  'gpt-4-turbo': openai(10, undefined, 30),
  'gpt-4': openai(30, undefined, 60),
  'gpt-4-32k': openai(60, undefined, 120),
  'gpt-3.5-turbo': openai(0.5, undefined, 1.5),

  // Anthropic
  'claude-opus-4-5': anthropic(5, 25),
  'claude-opus-4-1': anthropic(15, 75),
  'claude-opus-4': anthropic(15, 75),
  'claude-sonnet-4-5': anthropic(3, 15, { input: 6, output: 22.5 }),
  'claude-sonnet-4': anthropic(3, 15, { input: 6, output: 22.5 }),
  'claude-haiku-4-5': anthropic(1, 5),
  'claude-3-7-sonnet': anthropic(3, 15),
  'claude-3-5-sonnet': anthropic(3, 15),
  'claude-3-5-haiku': anthropic(0.8, 4),
  'claude-3-opus': anthropic(15, 75),
  'claude-3-haiku': anthropic(0.25, 1.25),

  // Google
  'gemini-3-pro-preview': gemini(2, 12, 0.2, { input: 4, output: 18, cacheRead: 0.4 }),
  'gemini-2.5-pro': gemini(1.25, 10, 0.125, { input: 2.5, output: 15, cacheRead: 0.25 }),
  'gemini-2.5-flash': gemini(0.3, 2.5, 0.03),
  'gemini-2.5-flash-lite': gemini(0.1, 0.4, 0.01),
  'gemini-2.0-flash': gemini(0.1, 0.4, 0.025),
  'gemini-2.0-flash-lite': gemini(0.075, 0.3, undefined),

  // Mistral
  'mistral-large': plain(2, 6),
  'mistral-medium': plain(0.4, 2),
  'mistral-small': plain(0.1, 0.3),
  'mistral-saba': plain(0.2, 0.6),
  'magistral-medium': plain(2, 5),
  'magistral-small': plain(0.5, 1.5),
  codestral: plain(0.3, 0.9),
  'devstral-medium': plain(0.4, 2),
  'devstral-small': plain(0.1, 0.3),
  'pixtral-large': plain(2, 6),
  'pixtral-12b': plain(0.15, 0.15),
  'ministral-8b': plain(0.1, 0.1),
  'ministral-3b': plain(0.04, 0.04),
  'open-mistral-nemo': plain(0.15, 0.15),

  // DeepSeek (V3.2): both endpoints cost the same
  'deepseek-chat': openai(0.28, 0.028, 0.42),
  'deepseek-reasoner': openai(0.28, 0.028, 0.42),
};

/**
 * Open-weight models as Ollama and LM Studio name them (`llama3.2`, `qwen3:8b`, `gemma3:12b`):
 * run locally, they cost nothing. A model served by a local provider (see
 * {@link LOCAL_PROVIDERS}) is free whatever its name.
 */
const LOCAL_MODELS = [
  'llama2',
  'llama3',
  'llama3.1',
  'llama3.2',
  'llama3.3',
  'llama4',
  'mistral:',
  'mixtral',
  'qwen2',
  'qwen2.5',
  'qwen2.5-coder',
  'qwen3',
  'qwen3-coder',
  'qwq',
  'gemma',
  'gemma2',
  'gemma3',
  'gemma3n',
  'gemma-3',
  'phi3',
  'phi3.5',
  'phi4',
  'codellama',
  'deepseek-r1',
  'deepseek-coder',
  'deepseek-coder-v2',
  'gpt-oss',
  'llava',
  'granite3.3',
  'granite4',
  'smollm2',
  'tinyllama',
  'starcoder2',
  'nomic-embed-text',
  'mxbai-embed-large',
] as const;

/**
 * Providers whose models run on the user's machine and cost nothing (`ls_provider` /
 * `response_metadata.model_provider` values, and `'local'`).
 */
export const LOCAL_PROVIDERS: ReadonlySet<string> = new Set([
  'local',
  'ollama',
  'lmstudio',
  'lm-studio',
  'lm_studio',
  'llamacpp',
  'llama-cpp',
  'llama_cpp',
]);

/**
 * The built-in price table, in US dollars per million tokens, as of {@link DEFAULT_PRICES_AS_OF}:
 * current models of OpenAI (GPT-5.1, GPT-5, GPT-4.1, GPT-4o, o-series), Anthropic (Claude Opus
 * 4.5/4.1/4, Sonnet 4.5/4, Haiku 4.5, Claude 3.x), Google (Gemini 3 Pro preview, 2.5 Pro/Flash/
 * Flash-Lite, 2.0 Flash), Mistral (Large, Medium, Small, Magistral, Codestral, Devstral, Pixtral,
 * Ministral) and DeepSeek (chat, reasoner), plus common local model names (Ollama, LM Studio) at 0.
 * Keys are base names: dated ids (`claude-sonnet-4-5-20250929`, `gpt-4o-2024-08-06`) and aliases
 * (`mistral-large-latest`) match by prefix. Prices given by a user win per model ({@link findPrice}).
 *
 * @example
 * ```ts
 * import { DEFAULT_PRICES, priceUsage } from '@clearstone/core';
 * priceUsage({ inputTokens: 1000, outputTokens: 200, totalTokens: 1200 }, DEFAULT_PRICES['gpt-4o']).totalUsd; // 0.0045
 * ```
 */
export const DEFAULT_PRICES: PriceTable = Object.freeze(
  Object.fromEntries([
    ...Object.entries(HOSTED).map(([model, price]) => [model, freezePrice(price)] as const),
    ...LOCAL_MODELS.map((model) => [model, FREE] as const),
  ]),
);
