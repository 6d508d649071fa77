import type { ActionType, Attributes, GovernedOutcome, SpanKind } from '@clearstone/core';
import type { PreventedOutcome } from '../assertions/blocked-calls';

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

/** One policy decision recorded on a built tool or model call. */
export interface DecisionStep {
  /** The decision's action, e.g. `'block'` or `ActionType.BLOCK`. */
  action: ActionType | `${ActionType}`;
  /** The policy that decided (`clearstone.policy.name`). */
  policy?: string;
  /** The decision's reason. */
  reason?: string;
  /** Intervention id of a PAUSE. */
  interventionId?: string;
}

/**
 * Governance of a tool or model call, recorded the way the LangChain integration records it:
 * one `clearstone.policy.decision` event per decision, the last decision also as the span's
 * `clearstone.policy.*` attributes, the outcome as `clearstone.governed.outcome`.
 */
export interface GovernedStepOptions {
  /** The decisions taken on the call, in order. */
  decisions?: readonly DecisionStep[];
  /**
   * What became of the call (`clearstone.governed.outcome`); default `executed` when `decisions`
   * or `policyContext` is given, else none (an ungoverned call). `null` records no outcome
   * whatever the decisions, the way traces recorded before governed outcomes look.
   */
  outcome?: GovernedOutcome | null;
  /**
   * Records `clearstone.policy.context`: the trace's `userId`, `agentId`, `sessionId` and this
   * metadata, after the call's own keys (`eventType`, `toolName`, `toolInput`, `toolCallId` or
   * `model`).
   */
  policyContext?: Record<string, unknown>;
}

/** Options of a model-call step. */
export interface LlmStepOptions extends StepOptions, GovernedStepOptions {
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
export interface ToolStepOptions extends StepOptions, GovernedStepOptions {
  /** `gen_ai.tool.call.id`; default a generated `call_…` id. */
  callId?: string;
}

/**
 * What stopped a call of {@link SpanScope.blockedTool} / {@link SpanScope.blockedLlm}. Without
 * `decisions`, they are made from `policy`, `reason` and `outcome`: a BLOCK (`blocked`), a PAUSE
 * (`paused`), or a PAUSE followed by the BLOCK that replaced it (`rejected`, `timed_out`).
 */
export interface BlockedStepOptions {
  /** The deciding policy. */
  policy?: string;
  /** The decision's reason; default `Tool '<name>' is not allowed` (or `needs approval` for pauses). */
  reason?: string;
  /** Default `'blocked'`. */
  outcome?: PreventedOutcome;
}

/** Options of {@link SpanScope.blockedTool}. */
export interface BlockedToolStepOptions extends Omit<ToolStepOptions, 'outcome'>, BlockedStepOptions {}

/** Options of {@link SpanScope.blockedLlm}. */
export interface BlockedLlmStepOptions extends Omit<LlmStepOptions, 'outcome'>, BlockedStepOptions {}

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
  /**
   * Adds a governed tool call that did not run: an `execute_tool <tool>` span with the tool name,
   * call id and arguments (`input`), the decisions, `clearstone.governed.outcome` (default
   * `blocked`) and status UNSET — a policy block is not an error. Default duration 1 ms.
   *
   * @example
   * ```ts
   * traceBuilder().blockedTool('delete_database', { policy: 'block_dangerous_tools', reason: 'Dangerous tool', input: { name: 'prod' } });
   * ```
   */
  blockedTool(toolName: string, options?: BlockedToolStepOptions): this;
  /** Adds a governed model call that did not run: a `chat <model>` span, as {@link SpanScope.blockedTool}. */
  blockedLlm(model: string, options?: BlockedLlmStepOptions): this;
  /** Adds a span; the callback adds its children. */
  span(name: string, options?: SpanStepOptions, children?: (scope: SpanScope) => void): this;
  /** Adds a span whose children the callback adds. */
  span(name: string, children: (scope: SpanScope) => void): this;
  /** Marks the last step added here (or, when there is none, this scope's own span) as failed. */
  error(error: string | Error): this;
}
