import type { Attributes, PolicyContext } from '@clearstone/core';
import { ClearstoneAttributes, GenAiAttributes } from '../conventions';
import type { TokenUsage } from '../events/token-usage';

/** Usage and cost attributes of a model call (or of a whole run, summed). */
export function usageAttributes(usage: TokenUsage, costUsd: number | undefined): Attributes {
  const attributes: Attributes = {
    [GenAiAttributes.USAGE_INPUT_TOKENS]: usage.inputTokens,
    [GenAiAttributes.USAGE_OUTPUT_TOKENS]: usage.outputTokens,
    [ClearstoneAttributes.USAGE_TOTAL_TOKENS]: usage.totalTokens,
  };
  if (costUsd !== undefined) attributes[ClearstoneAttributes.COST_USD] = costUsd;
  return attributes;
}

/** Drops undefined values so the rest can be set as attributes. */
export function definedAttributes(values: Record<string, string | number | boolean | undefined>): Attributes {
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) attributes[key] = value;
  return attributes;
}

/** Span attributes naming who an agent run acted for, from a policy context (none without one). */
export function contextAttributes(ctx: PolicyContext | undefined): Attributes {
  if (ctx === undefined) return {};
  const attributes: Attributes = {
    [ClearstoneAttributes.USER_ID]: ctx.userId,
    [ClearstoneAttributes.AGENT_ID]: ctx.agentId,
    [ClearstoneAttributes.SESSION_ID]: ctx.sessionId,
  };
  if (typeof ctx.metadata.userRole === 'string') attributes[ClearstoneAttributes.USER_ROLE] = ctx.metadata.userRole;
  return attributes;
}
