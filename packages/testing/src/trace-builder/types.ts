import type { Attributes, SpanKind } from '@clearstone/core';

/** Options of {@link traceBuilder}: who ran, and when. */
export interface TraceBuilderOptions {
  /** Root span name; default `invoke_agent <agentId>`, or `agent_run`. */
  name?: string;
  /** Recorded on the root as `clearstone.user.id`. */
  userId?: string;
  /** Recorded on the root as `clearstone.agent.id` and `gen_ai.agent.name`. */
  agentId?: string;
  /** Recorded on the root as `clearstone.session.id`. */
  sessionId?: string;
  /** Recorded on the root as `clearstone.user.role`. */
  userRole?: string;
  /** Start of the root span: epoch ms (number), epoch ns (bigint) or a Date; default now. */
  startTime?: number | bigint | Date;
  /** Extra attributes of the root span. */
  attributes?: Attributes;
}

/** Options shared by every step of a built trace. */
export interface StepOptions {
  /** Span name (each step kind has a default). */
  name?: string;
  /** Own duration in ms; a span with children lasts at least as long as they do. */
  durationMs?: number;
  /** Extra attributes (they override the generated ones). */
  attributes?: Attributes;
  /** Captured as the span's input snapshot. */
  input?: unknown;
  /** Captured as the span's output snapshot. */
  output?: unknown;
  /** Marks the span failed (status ERROR) with this message or error. */
  error?: string | Error;
  /** Kind of the span; default CLIENT for model calls, INTERNAL otherwise. */
  kind?: SpanKind;
}

/** Options of a model-call step. */
export interface LlmStepOptions extends StepOptions {
  /** `gen_ai.usage.input_tokens`; not set by default. */
  inputTokens?: number;
  /** `gen_ai.usage.output_tokens`; not set by default. */
  outputTokens?: number;
  /** `clearstone.cost.usd`; not set by default. */
  costUsd?: number;
  /** `gen_ai.operation.name`; default `chat`. */
  operation?: string;
}

/** Options of a tool-call step. */
export interface ToolStepOptions extends StepOptions {
  /** `gen_ai.tool.call.id`; default a generated `call_…` id. */
  callId?: string;
}

/** Options of a generic step; `tool` or `model` make it a tool or model call. */
export interface SpanStepOptions extends StepOptions {
  /** Records `gen_ai.tool.name` and the `execute_tool` operation. */
  tool?: string;
  /** Records `gen_ai.request.model` and the `chat` operation. */
  model?: string;
}

/** Adds steps inside a span; the callback form of {@link SpanScope.span} receives one. */
export interface SpanScope {
  /** Adds a model call: `chat <model>` with GenAI model, usage and cost attributes. */
  llm(model: string, options?: LlmStepOptions): this;
  /** Adds a tool call: `execute_tool <tool>` with the tool name and a call id; `input`/`output` are captured. */
  tool(toolName: string, options?: ToolStepOptions): this;
  /** Adds a span; the callback adds its children. */
  span(name: string, options?: SpanStepOptions, children?: (scope: SpanScope) => void): this;
  /** Adds a span whose children the callback adds. */
  span(name: string, children: (scope: SpanScope) => void): this;
  /** Marks the last step added here (or, when there is none, this scope's own span) as failed. */
  error(error: string | Error): this;
}
