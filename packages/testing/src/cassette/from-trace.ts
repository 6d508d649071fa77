// The calls of a recorded trace as cassette entries: tool spans become tool entries, model spans
// model entries; governed calls that did not run are left out.
import {
  GenAiAttributes,
  GovernedOutcomes,
  SpanStatusCode,
  deserialize,
  governedOutcomeOf,
  isLlmSpan,
  isToolSpan,
  modelOf,
  requestedModelOf,
  toolNameOf,
  usageOf,
  type Snapshot,
  type SpanRecord,
  type Trace,
} from '@clearstone/core';
import type { CassetteEntry, CassetteMessage, CassetteModelResponse, CassetteToolResponse } from './types';

const NOT_CAPTURED = Symbol('not captured');

function snapshotValue(snapshot: Snapshot | undefined): unknown {
  if (snapshot?.captured !== true) return NOT_CAPTURED;
  try {
    const value = deserialize(snapshot.data);
    // Older snapshots wrap plain JSON as { __type__: 'json', value }.
    if (value !== null && typeof value === 'object' && (value as { __type__?: unknown }).__type__ === 'json') {
      return (value as { value?: unknown }).value;
    }
    return value;
  } catch {
    return NOT_CAPTURED;
  }
}

function jsonAttribute(span: SpanRecord, key: string): unknown {
  const value = span.attributes[key];
  if (typeof value !== 'string') return NOT_CAPTURED;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function toolCallsOf(value: unknown): Array<{ name: string; args: unknown }> | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const calls = value
    .filter((call): call is Record<string, unknown> => isRecord(call) && typeof call.name === 'string')
    .map((call) => ({ name: call.name as string, args: call.args ?? {} }));
  return calls.length > 0 ? calls : undefined;
}

function messageOf(value: unknown): CassetteMessage {
  if (!isRecord(value)) return { role: 'user', content: value ?? '' };
  const message: CassetteMessage = {
    role: typeof value.role === 'string' ? value.role : 'user',
    content: value.content ?? '',
  };
  const toolCalls = toolCallsOf(value.toolCalls ?? value.tool_calls);
  if (toolCalls !== undefined) message.toolCalls = toolCalls;
  if (message.role === 'tool' && typeof value.name === 'string' && value.name !== '') message.name = value.name;
  return message;
}

function messagesOf(input: unknown): CassetteMessage[] {
  if (input === NOT_CAPTURED || input === undefined) return [];
  // A batch of prompts is recorded as an array of arrays: the first batch is the call's.
  const list = Array.isArray(input) && Array.isArray(input[0]) ? (input[0] as unknown[]) : input;
  if (typeof list === 'string') return [{ role: 'user', content: list }];
  if (!Array.isArray(list)) return [messageOf(list)];
  return list.map((item) => (typeof item === 'string' ? { role: 'user', content: item } : messageOf(item)));
}

function toolEntry(span: SpanRecord): CassetteEntry {
  let args = snapshotValue(span.input);
  if (args === NOT_CAPTURED) args = jsonAttribute(span, GenAiAttributes.TOOL_CALL_ARGUMENTS);
  let output = snapshotValue(span.output);
  if (output === NOT_CAPTURED) output = jsonAttribute(span, GenAiAttributes.TOOL_CALL_RESULT);
  // A LangChain tool's output is recorded as its ToolMessage: `{ role: 'tool', content, … }`.
  const content = isRecord(output) && output.role === 'tool' && 'content' in output ? output.content : output;
  const response: CassetteToolResponse = { content: content === NOT_CAPTURED ? null : (content ?? null) };
  if (span.status === SpanStatusCode.ERROR) response.error = span.errorMessage ?? 'The tool failed.';
  return {
    request: { kind: 'tool', name: toolNameOf(span) ?? 'tool', args: args === NOT_CAPTURED ? {} : args },
    response,
  };
}

function modelEntry(span: SpanRecord): CassetteEntry {
  const output = snapshotValue(span.output);
  const message = Array.isArray(output) ? output[0] : output;
  const response: CassetteModelResponse = { content: '' };
  if (isRecord(message)) {
    response.content = message.content ?? '';
    const toolCalls = toolCallsOf(message.toolCalls ?? message.tool_calls);
    if (toolCalls !== undefined) response.toolCalls = toolCalls;
  } else if (typeof message === 'string') {
    response.content = message;
  }
  const usage = usageOf(span);
  if (usage !== undefined) response.usage = usage;
  const responseModel = modelOf(span);
  if (responseModel !== undefined) response.responseModel = responseModel;
  return {
    request: {
      kind: 'model',
      name: requestedModelOf(span) ?? 'model',
      messages: messagesOf(snapshotValue(span.input)),
    },
    response,
  };
}

/**
 * The model and tool calls of `trace` as cassette entries, in start order. Tool spans give their
 * arguments (input snapshot, else `gen_ai.tool.call.arguments`) and result (output snapshot, else
 * `gen_ai.tool.call.result`; a failed tool its error); model spans give the messages sent (input
 * snapshot) and the answer (output snapshot), the usage and the response model. Governed calls
 * that did not run (blocked, rejected, timed out, paused) are left out.
 */
export function entriesFromTrace(trace: Trace): CassetteEntry[] {
  const entries: CassetteEntry[] = [];
  for (const span of trace.spans) {
    const outcome = governedOutcomeOf(span);
    if (outcome !== undefined && outcome !== GovernedOutcomes.EXECUTED) continue;
    if (isToolSpan(span)) entries.push(toolEntry(span));
    else if (isLlmSpan(span)) entries.push(modelEntry(span));
  }
  return entries;
}
