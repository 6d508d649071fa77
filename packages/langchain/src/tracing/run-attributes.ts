import type { Attributes, PolicyContext } from '@clearstone/core';
import { ClearstoneAttributes } from '../conventions';

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
