// Conversions between LangChain messages and what a cassette stores.
import type { TokenUsage } from '@clearstone/core';
import { AIMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { messageText } from '../events/compact-messages';
import { responseModelOf, usageOfMessage } from '../events/token-usage';
import type {
  CassetteMessage,
  CassetteModelResponse,
  CassetteRequest,
  CassetteSource,
  CassetteToolResponse,
} from './cassette-types';

const ROLES: Record<string, string> = {
  human: 'user',
  ai: 'assistant',
  system: 'system',
  tool: 'tool',
  generic: 'user',
};

type ToolCallLike = { name: string; args: unknown };

function typeOf(message: BaseMessage): string {
  return typeof message.getType === 'function' ? message.getType() : ((message as { type?: string }).type ?? 'generic');
}

/** Plain JSON data of a message's content (content blocks copied without class instances). */
function plain(content: unknown): unknown {
  return content === undefined ? '' : (JSON.parse(JSON.stringify(content)) as unknown);
}

/**
 * Content as matched: text-only content blocks joined into one string as traces record them
 * (`messageText`), so a cassette built from a trace (`Cassette.fromTrace`) matches the live call.
 */
function matchableContent(content: unknown): unknown {
  if (!Array.isArray(content) || content.length === 0) return plain(content);
  const textOnly = content.every(
    (part) => typeof part === 'string' || (part?.type === 'text' && typeof part.text === 'string'),
  );
  return textOnly ? messageText(content) : plain(content);
}

/** Messages as a cassette matches them: role, content, tool calls (name and args, no ids), a tool message's name. */
export function cassetteMessages(messages: readonly BaseMessage[]): CassetteMessage[] {
  return messages.map((message) => {
    const type = typeOf(message);
    const stored: CassetteMessage = { role: ROLES[type] ?? type, content: matchableContent(message.content) };
    const toolCalls = (message as { tool_calls?: ToolCallLike[] }).tool_calls;
    if (toolCalls?.length) stored.toolCalls = toolCalls.map(({ name, args }) => ({ name, args: plain(args) }));
    if (type === 'tool' && message.name) stored.name = message.name;
    return stored;
  });
}

/** What a model's answer becomes in a cassette: content, tool calls, usage and the model it names. */
export function modelResponseOf(message: BaseMessage): CassetteModelResponse {
  const response: CassetteModelResponse = { content: plain(message.content) };
  const toolCalls = (message as { tool_calls?: ToolCallLike[] }).tool_calls;
  if (toolCalls?.length) response.toolCalls = toolCalls.map(({ name, args }) => ({ name, args: plain(args) }));
  const usage = usageOfMessage(message);
  if (usage) response.usage = usage;
  const model = responseModelOf(message);
  if (model) response.responseModel = model;
  return response;
}

/** `usage_metadata` of an AIMessage, as provider packages fill it, from recorded usage. */
export function usageMetadataOf(usage: TokenUsage): NonNullable<AIMessage['usage_metadata']> {
  const metadata: NonNullable<AIMessage['usage_metadata']> = {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
  };
  const input: Record<string, number> = {};
  if (usage.cacheReadTokens !== undefined) input.cache_read = usage.cacheReadTokens;
  if (usage.cacheWriteTokens !== undefined) input.cache_creation = usage.cacheWriteTokens;
  if (usage.cacheWrite1hTokens !== undefined) input.ephemeral_1h_input_tokens = usage.cacheWrite1hTokens;
  if (usage.audioInputTokens !== undefined) input.audio = usage.audioInputTokens;
  if (Object.keys(input).length > 0) metadata.input_token_details = input;
  const output: Record<string, number> = {};
  if (usage.reasoningTokens !== undefined) output.reasoning = usage.reasoningTokens;
  if (usage.audioOutputTokens !== undefined) output.audio = usage.audioOutputTokens;
  if (Object.keys(output).length > 0) metadata.output_token_details = output;
  return metadata;
}

const replayedCalls = new WeakMap<CassetteSource, number>();

/**
 * A fresh tool-call id for a replayed tool call: `cassette_call_<n>`, numbered per cassette, so the
 * same replay gives the same ids every run.
 */
function nextToolCallId(cassette: CassetteSource): string {
  const next = (replayedCalls.get(cassette) ?? 0) + 1;
  replayedCalls.set(cassette, next);
  return `cassette_call_${next}`;
}

/** The AIMessage a recorded model answer replays as. */
export function aiMessageOf(response: CassetteModelResponse, cassette: CassetteSource): AIMessage {
  const fields: ConstructorParameters<typeof AIMessage>[0] & object = {
    content: (response.content ?? '') as string,
    tool_calls: (response.toolCalls ?? []).map(({ name, args }) => ({
      id: nextToolCallId(cassette),
      name,
      args: (args ?? {}) as Record<string, unknown>,
      type: 'tool_call' as const,
    })),
  };
  if (response.usage) fields.usage_metadata = usageMetadataOf(response.usage);
  if (response.responseModel) fields.response_metadata = { model_name: response.responseModel };
  return new AIMessage(fields);
}

/** What a tool's result becomes in a cassette; an error ToolMessage keeps its text as `error`. */
export function toolResponseOf(message: unknown): CassetteToolResponse {
  const tool = message as { content?: unknown; status?: string };
  const response: CassetteToolResponse = { content: plain(tool.content) };
  if (tool.status === 'error') response.error = typeof tool.content === 'string' ? tool.content : 'error';
  return response;
}

/** What a thrown tool error becomes in a cassette: no content, the error's message. */
export function thrownToolResponseOf(error: unknown): CassetteToolResponse {
  return { content: null, error: error instanceof Error ? error.message : String(error) };
}

/** A recorded tool error that was thrown live (no content) is thrown again on replay. */
export function isThrownError(response: CassetteToolResponse): boolean {
  return response.error !== undefined && (response.content === null || response.content === undefined);
}

/** The ToolMessage a recorded tool result replays as. */
export function toolMessageOf(response: CassetteToolResponse, toolCallId: string, name: string): ToolMessage {
  return new ToolMessage({
    content: (response.content ?? '') as string,
    tool_call_id: toolCallId,
    name,
    status: response.error !== undefined ? 'error' : 'success',
  });
}

/** The recorded answer to a model call, if any (throws like the cassette in replay/strict mode). */
export function replayModelCall(cassette: CassetteSource, request: CassetteRequest): CassetteModelResponse | undefined {
  const response: CassetteModelResponse | CassetteToolResponse | undefined = cassette.replay(request);
  return response;
}

/** The recorded result of a tool call, if any (throws like the cassette in replay/strict mode). */
export function replayToolCall(cassette: CassetteSource, request: CassetteRequest): CassetteToolResponse | undefined {
  const response: CassetteModelResponse | CassetteToolResponse | undefined = cassette.replay(request);
  return response === undefined
    ? undefined
    : { content: response.content, ...('error' in response ? { error: response.error } : {}) };
}
