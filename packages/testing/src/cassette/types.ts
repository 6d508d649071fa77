// The shapes a cassette stores and the interface integrations (e.g. @clearstone/langchain/testing)
// use to answer calls from it.
import type { TokenUsage } from '@clearstone/core';

/** How a cassette treats calls: record live, replay only, replay-or-record, or replay and require every recording used. */
export type CassetteMode = 'record' | 'replay' | 'auto' | 'strict';

/** What a recorded call was: a model call or a tool call. */
export type CassetteCallKind = 'model' | 'tool';

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
  kind: CassetteCallKind;
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
  /** What the tool returned (the ToolMessage content for LangChain tools). */
  content: unknown;
  /** Set when the tool failed: its error message (replayed as a thrown error). */
  error?: string;
}

/** One recorded call: what was asked and what came back. */
export interface CassetteEntry {
  /** The request. */
  request: CassetteRequest;
  /** The response: a model answer for model calls, a tool result for tool calls. */
  response: CassetteModelResponse | CassetteToolResponse;
}

/** Decides whether a recorded request answers a live one. */
export type CassetteMatcher = (live: CassetteRequest, recorded: CassetteRequest) => boolean;

/** Options of `Cassette.open`. */
export interface CassetteOptions {
  /** Default: `CLEARSTONE_CASSETTE_MODE`, else `'strict'` when `CI` is set, else `'auto'`. */
  mode?: CassetteMode;
  /** What identifies a request: options of the default matcher, or a matcher function. */
  match?: { ignoreSystemPrompt?: boolean } | CassetteMatcher;
  /** Redaction applied to what is saved: `true` for the PII redactor, or a function of each entry. */
  redact?: boolean | ((entry: CassetteEntry) => CassetteEntry);
}

/**
 * What an integration needs from a cassette: answer a call from the recordings (in order per
 * kind and name), or record a live one.
 */
export interface CassetteSource {
  /** The cassette's mode. */
  readonly mode: CassetteMode;
  /**
   * The recorded response for `request` (the next unused matching recording), or undefined when
   * there is none and the mode allows a live call (`record`, `auto`). In `replay`/`strict` mode
   * with no recording: throws `CassetteError` code `UNRECORDED_CALL`.
   */
  replay(request: CassetteRequest): CassetteEntry['response'] | undefined;
  /** Records a live call's response (in `record` and `auto` modes). */
  record(request: CassetteRequest, response: CassetteEntry['response']): void;
}
