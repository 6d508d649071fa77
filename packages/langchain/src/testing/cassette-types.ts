// Structural copies of the cassette shapes of `@clearstone/testing`, so this entry works with its
// `Cassette` (or any object of the same shape) without depending on that package at runtime.
import type { TokenUsage } from '@clearstone/core';

/** How a cassette treats calls: record live, replay only, replay-or-record, or replay and require every recording used. */
export type CassetteMode = 'record' | 'replay' | 'auto' | 'strict';

/** A chat message as a cassette stores it (ids and timestamps left out). */
export interface CassetteMessage {
  /** `system`, `user`, `assistant` or `tool`. */
  role: string;
  /** Text content, or the content parts as plain data. */
  content: unknown;
  /** Tool calls of an assistant message: name and arguments (no ids). */
  toolCalls?: Array<{ name: string; args: unknown }>;
  /** Name of the tool a tool message answers. */
  name?: string;
}

/** One call made to a model or a tool, as matched against recordings. */
export interface CassetteRequest {
  /** A model call or a tool call. */
  kind: 'model' | 'tool';
  /** Model name (model calls) or tool name (tool calls). */
  name: string;
  /** The messages sent (model calls). */
  messages?: CassetteMessage[];
  /** The arguments (tool calls). */
  args?: unknown;
}

/** A model's answer as a cassette stores it. */
export interface CassetteModelResponse {
  /** Text content, or content parts as plain data. */
  content: unknown;
  /** Tool calls requested by the model (ids are regenerated on replay). */
  toolCalls?: Array<{ name: string; args: unknown }>;
  /** Token usage the model reported. */
  usage?: TokenUsage;
  /** Model name the response reported. */
  responseModel?: string;
}

/** A tool's result as a cassette stores it. */
export interface CassetteToolResponse {
  /** What the tool returned (the ToolMessage content). */
  content: unknown;
  /** Set when the tool failed: its error message. */
  error?: string;
}

/**
 * What the LangChain integration needs from a cassette — structurally the `CassetteSource` of
 * `@clearstone/testing`, so its `Cassette` can be passed as is.
 */
export interface CassetteSource {
  /** The cassette's mode. */
  readonly mode: CassetteMode;
  /**
   * The recorded response for `request`, or undefined when there is none and the mode allows a
   * live call; throws (`UNRECORDED_CALL`) in `replay`/`strict` mode when nothing matches.
   */
  replay(request: CassetteRequest): CassetteModelResponse | CassetteToolResponse | undefined;
  /** Records a live call's response. */
  record(request: CassetteRequest, response: CassetteModelResponse | CassetteToolResponse): void;
}
