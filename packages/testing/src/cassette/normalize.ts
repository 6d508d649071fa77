// The form of a request that matching, diffs and files use: plain JSON with sorted keys, no ids,
// run ids or timestamps, text trimmed.
import type { CassetteMessage, CassetteRequest } from './types';

/** A plain-JSON copy of `value` with object keys sorted (undefined members dropped, like JSON). */
export function sortedJson(value: unknown): unknown {
  if (value === undefined) return undefined;
  const plain: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
  return sortKeys(plain);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

function normalizeContent(content: unknown): unknown {
  if (typeof content === 'string') return content.trim();
  return sortedJson(content) ?? null;
}

function normalizeMessage(message: CassetteMessage): CassetteMessage {
  const normalized: CassetteMessage = { role: message.role, content: normalizeContent(message.content) };
  if (message.toolCalls !== undefined && message.toolCalls.length > 0) {
    normalized.toolCalls = message.toolCalls.map(({ name, args }) => ({ name, args: sortedJson(args) ?? null }));
  }
  if (message.name !== undefined && message.name !== '') normalized.name = message.name;
  return normalized;
}

/** Options of {@link normalizeRequest}. */
export interface NormalizeOptions {
  /** Leave system messages out. */
  ignoreSystemPrompt?: boolean;
}

/**
 * The request as it is compared: kind, name, messages (role, trimmed content, tool calls' name and
 * arguments, a tool message's name; any other field such as ids dropped) or arguments, all as
 * plain JSON with sorted keys, in a fixed key order.
 */
export function normalizeRequest(request: CassetteRequest, options: NormalizeOptions = {}): CassetteRequest {
  const normalized: CassetteRequest = { kind: request.kind, name: request.name };
  if (request.messages !== undefined) {
    const messages = options.ignoreSystemPrompt
      ? request.messages.filter((message) => message.role !== 'system')
      : request.messages;
    normalized.messages = messages.map(normalizeMessage);
  }
  if (request.args !== undefined) normalized.args = sortedJson(request.args);
  return normalized;
}

/** Stable text of a normalized value, for equality checks. */
export function canonicalText(value: unknown): string {
  return JSON.stringify(sortedJson(value) ?? null);
}

/** The default matcher: the normalized requests are deeply equal. */
export function requestsEqual(
  live: CassetteRequest,
  recorded: CassetteRequest,
  options: NormalizeOptions = {},
): boolean {
  return canonicalText(normalizeRequest(live, options)) === canonicalText(normalizeRequest(recorded, options));
}
