import type { AIMessage, BaseMessage } from '@langchain/core/messages';
import { SystemMessage } from '@langchain/core/messages';
import { createMiddleware } from 'langchain';
import { modelNameOf } from '../events/model-identity';
import type { CassetteRequest, CassetteSource } from './cassette-types';
import {
  aiMessageOf,
  cassetteMessages,
  isThrownError,
  modelResponseOf,
  replayToolCall,
  thrownToolResponseOf,
  toolMessageOf,
  toolResponseOf,
} from './convert';
import { ReplayChatModel, replayTool } from './replay-runnables';

/** Options of {@link cassetteMiddleware}. */
export interface CassetteMiddlewareOptions {
  /** Middleware name (default `'clearstoneCassette'`); give each instance its own in one agent. */
  name?: string;
}

interface ModelRequestLike {
  model: unknown;
  messages: BaseMessage[];
  systemMessage?: BaseMessage;
  systemPrompt?: string;
}

interface ToolRequestLike {
  toolCall: { id?: string; name: string; args: unknown };
  tool?: unknown;
}

/** The cassette request of a model call: the model's name and the messages with the system prompt first. */
export function modelCassetteRequest(model: unknown, messages: readonly BaseMessage[]): CassetteRequest {
  return { kind: 'model', name: modelNameOf(model) ?? 'model', messages: cassetteMessages(messages) };
}

function promptOf(request: ModelRequestLike): BaseMessage[] {
  const system = request.systemMessage ?? (request.systemPrompt ? new SystemMessage(request.systemPrompt) : undefined);
  const text = system === undefined ? '' : typeof system.content === 'string' ? system.content : 'content';
  return text === '' ? request.messages : [system!, ...request.messages];
}

/**
 * Answers a `createAgent` agent's model calls and tool calls from a cassette (a `Cassette` of
 * `@clearstone/testing`, or anything with its `mode`, `replay` and `record`).
 *
 * - A model call is matched by the model's name and the messages sent (system prompt first; tool
 *   calls by name and arguments, never by id). A recorded answer is replayed as an AIMessage —
 *   content, tool calls with fresh ids (`cassette_call_<n>`, numbered per cassette), `usage_metadata`
 *   and `response_metadata.model_name` — through a stand-in model, so callbacks, tracing and
 *   `agent.stream` see it like a live answer while the real model is never called.
 * - A tool call is matched by the tool's name and arguments; a recorded result is replayed as a
 *   ToolMessage answering the live call's id, through a stand-in tool — the real tool never runs.
 *   A tool that threw when recorded throws the same message on replay; a tool that returned an
 *   error ToolMessage returns it again (`status: 'error'`).
 * - Without a recording (and a mode that allows it: `record`, `auto`) the call runs live and is
 *   recorded. In `replay`/`strict` mode an unrecorded call fails with the cassette's
 *   `UNRECORDED_CALL` error.
 *
 * Put it after `clearstoneMiddleware` in `middleware`, so governance decides on every call
 * first and a replayed run is governed like a live one.
 *
 * @example
 * ```ts
 * import { Cassette } from '@clearstone/testing';
 * import { cassetteMiddleware } from '@clearstone/langchain/testing';
 *
 * const cassette = await Cassette.open('cassettes/weather.json', { mode: 'replay' });
 * const agent = createAgent({ model, tools, middleware: [clearstoneMiddleware({ engine }), cassetteMiddleware(cassette)] });
 * ```
 */
export function cassetteMiddleware(cassette: CassetteSource, options: CassetteMiddlewareOptions = {}) {
  return createMiddleware({
    name: options.name ?? 'clearstoneCassette',
    wrapModelCall: async (request, handler) => {
      const live = request as unknown as ModelRequestLike;
      const cassetteRequest = modelCassetteRequest(live.model, promptOf(live));
      const recorded = cassette.replay(cassetteRequest);
      if (recorded !== undefined) {
        const message = aiMessageOf(recorded, cassette);
        const model = new ReplayChatModel(message, cassetteRequest.name);
        return handler({ ...request, model } as typeof request);
      }
      const response = await handler(request);
      if (isAIMessage(response)) cassette.record(cassetteRequest, modelResponseOf(response));
      return response;
    },
    wrapToolCall: async (request, handler) => {
      const live = request as unknown as ToolRequestLike;
      const { id, name, args } = live.toolCall;
      const cassetteRequest: CassetteRequest = { kind: 'tool', name, args: JSON.parse(JSON.stringify(args ?? {})) };
      const recorded = replayToolCall(cassette, cassetteRequest);
      if (recorded !== undefined) {
        const stand = replayTool(name, () => {
          if (isThrownError(recorded)) throw new Error(recorded.error);
          return toolMessageOf(recorded, id ?? '', name);
        });
        return handler({ ...request, tool: stand });
      }
      let result: Awaited<ReturnType<typeof handler>>;
      try {
        result = await handler(request);
      } catch (error) {
        cassette.record(cassetteRequest, thrownToolResponseOf(error));
        throw error;
      }
      if (isToolMessage(result)) cassette.record(cassetteRequest, toolResponseOf(result));
      return result;
    },
  });
}

function isAIMessage(value: unknown): value is AIMessage {
  return typeof (value as BaseMessage | undefined)?.getType === 'function' && (value as BaseMessage).getType() === 'ai';
}

function isToolMessage(value: unknown): boolean {
  return (
    typeof (value as BaseMessage | undefined)?.getType === 'function' && (value as BaseMessage).getType() === 'tool'
  );
}
