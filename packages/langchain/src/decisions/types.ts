import type { Decision, PolicyContext } from '@clearstone/core';

/** Anything that decides like a `PolicyEngine` (only `evaluate` is used). */
export interface PolicyEvaluator {
  /** Decides on the context (the ambient one when omitted). */
  evaluate(ctx?: PolicyContext): Promise<Decision>;
}

/**
 * Human-approval channel used for PAUSE decisions; `InterventionClient` from
 * `@clearstone/policy` fits.
 */
export interface ApprovalChannel {
  /** Records the PAUSE; may return the intervention (`{ id }`) to wait on. */
  requestIntervention(decision: Decision, options?: { context?: PolicyContext }): unknown;
  /** Resolves true when the intervention is approved; false on rejection, timeout or abort. */
  waitForApproval(interventionId: string, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<boolean>;
}

/** What a decision is about. */
export type GovernedEventType = 'tool_call' | 'model_call' | 'retriever_call';

/** Running totals of one agent run (one `invoke`), as merged into the policy context. */
export interface RunTotals {
  /** Total tokens reported by the model calls made so far in the run. */
  tokensUsed: number;
  /** Input (prompt) tokens reported by the model calls made so far in the run. */
  inputTokens: number;
  /** Output (completion) tokens reported by the model calls made so far in the run. */
  outputTokens: number;
  /** Cost in US dollars of those calls (`DEFAULT_PRICES`, your `prices` winning; a call whose cost is unknown adds 0). */
  sessionCost: number;
  /** Model calls made so far in the run. */
  llmCallCount: number;
  /** Tool calls made (or attempted) so far in the run. */
  toolCallCount: number;
}

/** The facts about one governed event that are merged into the policy context's metadata. */
export interface GovernedEvent extends Partial<RunTotals> {
  /** Whether a tool, a model or a retriever is about to be called. */
  eventType: GovernedEventType;
  /** Name of the tool (tool calls). */
  toolName?: string;
  /** Arguments of the tool, parsed from JSON when possible (tool calls). */
  toolInput?: unknown;
  /** Id of the model's tool call (tool calls). */
  toolCallId?: string;
  /** Name of the model (model calls). */
  model?: string;
  /** Provider of the model, when known (model calls from callbacks). */
  provider?: string;
  /** Estimated cost in US dollars of the model call being decided (its prompt at the model's input price). */
  operationCost?: number;
  /** The chat messages sent, as {@link CompactMessage}s (chat model calls). */
  messages?: unknown;
  /** The prompts sent (text LLM calls). */
  prompts?: string[];
  /** The query (retriever calls). */
  query?: string;
  /** Name of the retriever (retriever calls). */
  retrieverName?: string;
  /** LangChain run id of the call (callback handler only). */
  runId?: string;
  /** LangChain run id of the call's parent run (callback handler only). */
  parentRunId?: string;
  [key: string]: unknown;
}

/** Called with every ALERT decision. Errors it throws are reported as process warnings. */
export type AlertHandler = (decision: Decision, event: GovernedEvent) => void | Promise<void>;

/** An empty set of run totals. */
export function emptyTotals(): RunTotals {
  return { tokensUsed: 0, inputTokens: 0, outputTokens: 0, sessionCost: 0, llmCallCount: 0, toolCallCount: 0 };
}
