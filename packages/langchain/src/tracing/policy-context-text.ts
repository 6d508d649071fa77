import { ContextKeys } from '@clearstone/core';
import type { PolicyDecisionRecord } from '../decisions/decision-record';

/** Longest `clearstone.policy.context` text kept whole (span attributes are capped at 64 Ki characters). */
const MAX_CONTEXT_CHARS = 60_000;

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  return value;
}

function stringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, jsonReplacer);
  } catch {
    return undefined;
  }
}

/**
 * The `clearstone.policy.context` text of a decision: `{ userId, agentId, sessionId, metadata }`
 * as JSON, after `redact` (the handler's content redaction). Without content capture the
 * metadata keeps no tool arguments or messages. When the text would be too long for a span
 * attribute, the messages are left out first (`messagesOmitted: true`), then the tool arguments.
 * Undefined when there is no context or it cannot be written.
 */
export function policyContextText(
  context: PolicyDecisionRecord['context'],
  options: { captureContent: boolean; redact: (value: unknown) => unknown },
): string | undefined {
  if (context === undefined) return undefined;
  const metadata: Record<string, unknown> = { ...context.metadata };
  if (!options.captureContent) {
    delete metadata[ContextKeys.TOOL_INPUT];
    delete metadata[ContextKeys.MESSAGES];
  }
  let redacted: unknown;
  try {
    redacted = options.redact({ ...context, metadata });
  } catch {
    return undefined;
  }
  let text = stringify(redacted);
  if (text === undefined || text.length <= MAX_CONTEXT_CHARS || redacted === null || typeof redacted !== 'object') {
    return text;
  }
  const shrunk = redacted as { metadata?: Record<string, unknown> };
  const shrunkMetadata: Record<string, unknown> = { ...shrunk.metadata };
  for (const key of [ContextKeys.MESSAGES, ContextKeys.TOOL_INPUT]) {
    if (!(key in shrunkMetadata)) continue;
    delete shrunkMetadata[key];
    shrunkMetadata[`${key}Omitted`] = true;
    text = stringify({ ...shrunk, metadata: shrunkMetadata });
    if (text !== undefined && text.length <= MAX_CONTEXT_CHARS) return text;
  }
  return text !== undefined && text.length <= MAX_CONTEXT_CHARS ? text : undefined;
}
