import type { LLMResult } from '@langchain/core/outputs';

/** Token counts of one model call. */
export interface TokenUsage {
  /** Tokens of the prompt. */
  inputTokens: number;
  /** Tokens of the completion. */
  outputTokens: number;
  /** Total tokens, as reported, else input plus output. */
  totalTokens: number;
}

function toNumber(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Usage from an AIMessage's `usage_metadata`, or `undefined` when it reports none. */
export function usageOfMessage(message: unknown): TokenUsage | undefined {
  const usage = (message as { usage_metadata?: Record<string, unknown> } | undefined)?.usage_metadata;
  if (!usage || typeof usage !== 'object') return undefined;
  const inputTokens = toNumber(usage.input_tokens);
  const outputTokens = toNumber(usage.output_tokens);
  const totalTokens = toNumber(usage.total_tokens) || inputTokens + outputTokens;
  return { inputTokens, outputTokens, totalTokens };
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
  const tokenUsage = (result.llmOutput as { tokenUsage?: Record<string, unknown> } | undefined)?.tokenUsage;
  if (!tokenUsage) return undefined;
  const inputTokens = toNumber(tokenUsage.promptTokens);
  const outputTokens = toNumber(tokenUsage.completionTokens);
  return { inputTokens, outputTokens, totalTokens: toNumber(tokenUsage.totalTokens) || inputTokens + outputTokens };
}

/** Sum of two usages (`base` may be absent). */
export function addUsage(base: TokenUsage | undefined, usage: TokenUsage): TokenUsage {
  return {
    inputTokens: (base?.inputTokens ?? 0) + usage.inputTokens,
    outputTokens: (base?.outputTokens ?? 0) + usage.outputTokens,
    totalTokens: (base?.totalTokens ?? 0) + usage.totalTokens,
  };
}
