import { addUsage, type TokenUsage } from '@clearstone/core';
import type { LLMResult } from '@langchain/core/outputs';

export type { TokenUsage };

type Fields = Record<string, unknown>;

function fields(value: unknown): Fields | undefined {
  return value !== null && typeof value === 'object' ? (value as Fields) : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Usage from an AIMessage's `usage_metadata`, as the LangChain provider packages fill it, or
 * `undefined` when it reports none:
 *
 * - `input_tokens` includes cached tokens: `@langchain/openai` passes OpenAI's `prompt_tokens`
 *   (cached ones inside, as `input_token_details.cache_read`); `@langchain/anthropic` adds
 *   Anthropic's `cache_read_input_tokens` and `cache_creation_input_tokens` to its `input_tokens`
 *   and reports them as `input_token_details.cache_read` / `cache_creation`.
 * - `output_tokens` includes reasoning tokens (`output_token_details.reasoning`).
 * - Anthropic's one-hour cache writes: `input_token_details.ephemeral_1h_input_tokens` when a
 *   provider package reports them there, else the raw usage the message keeps in
 *   `response_metadata.usage.cache_creation.ephemeral_1h_input_tokens`.
 */
export function usageOfMessage(message: unknown): TokenUsage | undefined {
  const reported = fields(fields(message)?.usage_metadata);
  if (reported === undefined) return undefined;
  const inputTokens = count(reported.input_tokens) ?? 0;
  const outputTokens = count(reported.output_tokens) ?? 0;
  const usage: TokenUsage = {
    inputTokens,
    outputTokens,
    totalTokens: count(reported.total_tokens) || inputTokens + outputTokens,
  };
  const input = fields(reported.input_token_details);
  const output = fields(reported.output_token_details);
  const rawCacheCreation = fields(fields(fields(fields(message)?.response_metadata)?.usage)?.cache_creation);
  const oneHour = count(input?.ephemeral_1h_input_tokens) ?? count(rawCacheCreation?.ephemeral_1h_input_tokens);
  const fiveMinutes = count(input?.ephemeral_5m_input_tokens) ?? count(rawCacheCreation?.ephemeral_5m_input_tokens);
  let cacheWrite = count(input?.cache_creation);
  if (oneHour !== undefined || fiveMinutes !== undefined)
    cacheWrite = Math.max(cacheWrite ?? 0, (oneHour ?? 0) + (fiveMinutes ?? 0));
  const optional: Array<[keyof TokenUsage, number | undefined]> = [
    ['cacheReadTokens', count(input?.cache_read)],
    ['cacheWriteTokens', cacheWrite],
    ['cacheWrite1hTokens', oneHour !== undefined && oneHour > 0 ? oneHour : undefined],
    ['reasoningTokens', count(output?.reasoning)],
    ['audioInputTokens', count(input?.audio)],
    ['audioOutputTokens', count(output?.audio)],
  ];
  for (const [key, value] of optional) if (value !== undefined) usage[key] = value;
  return usage;
}

/**
 * The model a response names: `response_metadata.model_name` (OpenAI, most providers), else
 * `response_metadata.model` (Anthropic, Ollama), else `additional_kwargs.model` (Anthropic when
 * streaming).
 */
export function responseModelOf(message: unknown): string | undefined {
  const metadata = fields(fields(message)?.response_metadata);
  return text(metadata?.model_name) ?? text(metadata?.model) ?? text(fields(fields(message)?.additional_kwargs)?.model);
}

/** The provider a response names (`response_metadata.model_provider`, e.g. `'anthropic'`, `'ollama'`). */
export function responseProviderOf(message: unknown): string | undefined {
  return text(fields(fields(message)?.response_metadata)?.model_provider);
}

/** The message of a finished LLM run's first generation, when it is a chat generation. */
export function firstMessageOf(result: LLMResult): unknown {
  return (result.generations?.[0]?.[0] as { message?: unknown } | undefined)?.message;
}

/**
 * Usage of a finished LLM run: summed `usage_metadata` of its generations' messages, falling
 * back to the provider's `llmOutput.tokenUsage`.
 */
export function usageOfResult(result: LLMResult): TokenUsage | undefined {
  let found: TokenUsage | undefined;
  for (const generations of result.generations ?? []) {
    for (const generation of generations ?? []) {
      const usage = usageOfMessage((generation as { message?: unknown }).message);
      if (usage) found = addUsage(found, usage);
    }
  }
  if (found) return found;
  const tokenUsage = fields(fields(result.llmOutput)?.tokenUsage);
  if (!tokenUsage) return undefined;
  const inputTokens = count(tokenUsage.promptTokens) ?? 0;
  const outputTokens = count(tokenUsage.completionTokens) ?? 0;
  return { inputTokens, outputTokens, totalTokens: count(tokenUsage.totalTokens) || inputTokens + outputTokens };
}
