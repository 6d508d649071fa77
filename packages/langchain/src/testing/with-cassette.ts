import { coerceMessageLikeToMessage, type BaseMessage, type BaseMessageLike } from '@langchain/core/messages';
import { modelCassetteRequest } from './cassette-middleware';
import type { CassetteRequest, CassetteSource } from './cassette-types';
import {
  aiMessageOf,
  isThrownError,
  modelResponseOf,
  replayToolCall,
  thrownToolResponseOf,
  toolMessageOf,
  toolResponseOf,
} from './convert';

/** Anything with an `invoke`: a chat model (or one with tools bound) or a tool. */
export interface CassetteInvocable {
  /** Runs the model or tool. */
  invoke(input: any, options?: any): Promise<unknown>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

type Fields = Record<string | symbol, unknown>;

function isTool(target: unknown): boolean {
  const fields = target as Fields;
  if (typeof fields.name !== 'string') return false;
  const namespace = fields.lc_namespace;
  return 'schema' in fields || (Array.isArray(namespace) && namespace.includes('tools'));
}

function promptOf(input: unknown): BaseMessage[] {
  if (typeof input === 'string') return [coerceMessageLikeToMessage(input)];
  const messages =
    (input as { messages?: unknown })?.messages ??
    (input as { toChatMessages?: () => unknown })?.toChatMessages?.() ??
    input;
  return Array.isArray(messages)
    ? messages.map((message) => coerceMessageLikeToMessage(message as BaseMessageLike))
    : [];
}

function underlyingModel(target: unknown): unknown {
  let model = target as Fields;
  while (model && typeof model === 'object' && model.bound && typeof model.bound === 'object')
    model = model.bound as Fields;
  return model;
}

function wrapModel<T extends CassetteInvocable>(model: T, cassette: CassetteSource): T {
  const invoke = async (input: unknown, options?: unknown) => {
    const request = modelCassetteRequest(underlyingModel(model), promptOf(input));
    const recorded = cassette.replay(request);
    if (recorded !== undefined) return aiMessageOf(recorded, cassette);
    const response = (await model.invoke(input, options)) as BaseMessage;
    cassette.record(request, modelResponseOf(response));
    return response;
  };
  return new Proxy(model, {
    get(target, property) {
      if (property === 'invoke') return invoke;
      const value = Reflect.get(target, property, target) as unknown;
      if (property === 'bindTools' && typeof value === 'function')
        return (...args: unknown[]) =>
          wrapModel((value as (...a: unknown[]) => CassetteInvocable).apply(target, args), cassette);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function wrapTool<T extends CassetteInvocable>(tool: T, cassette: CassetteSource): T {
  const name = (tool as unknown as { name: string }).name;
  const invoke = async (input: unknown, options?: unknown) => {
    const call = input as { type?: string; args?: unknown; id?: string };
    const isToolCall = call !== null && typeof call === 'object' && call.type === 'tool_call';
    const args = isToolCall ? call.args : input;
    const request: CassetteRequest = { kind: 'tool', name, args: JSON.parse(JSON.stringify(args ?? {})) };
    const recorded = replayToolCall(cassette, request);
    if (recorded !== undefined) {
      if (isThrownError(recorded)) throw new Error(recorded.error);
      return isToolCall ? toolMessageOf(recorded, call.id ?? '', name) : recorded.content;
    }
    let result: unknown;
    try {
      result = await tool.invoke(input, options);
    } catch (error) {
      cassette.record(request, thrownToolResponseOf(error));
      throw error;
    }
    const isMessage = typeof (result as BaseMessage | undefined)?.getType === 'function';
    cassette.record(
      request,
      isMessage ? toolResponseOf(result) : { content: JSON.parse(JSON.stringify(result ?? null)) },
    );
    return result;
  };
  return new Proxy(tool, {
    get(target, property) {
      if (property === 'invoke') return invoke;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * For code that calls a chat model or a tool directly: the same object, whose `invoke` answers
 * from the cassette when it holds a recording and otherwise calls live and records (in `record`
 * and `auto` modes; `replay`/`strict` fail on an unrecorded call).
 *
 * - A chat model: `invoke(messages)` → the recorded AIMessage (fresh tool-call ids, usage and the
 *   response model restored). `bindTools(...)` returns a model wrapped the same way.
 * - A tool: `invoke(args)` → the recorded result; `invoke(toolCall)` → a ToolMessage answering the
 *   call's id. A tool that threw when recorded throws the same message.
 *
 * Other members pass through to the wrapped object. The model's own callbacks do not run for a
 * replayed call (use {@link cassetteMiddleware} in agents to keep them).
 *
 * @example
 * ```ts
 * const model = withCassette(new ChatOpenAI({ model: 'gpt-4o-mini' }), cassette);
 * const answer = await model.invoke([new HumanMessage('What is the capital of France?')]);
 * ```
 */
export function withCassette<T extends CassetteInvocable>(modelOrTool: T, cassette: CassetteSource): T {
  return isTool(modelOrTool) ? wrapTool(modelOrTool, cassette) : wrapModel(modelOrTool, cassette);
}
