import type { Decision, PolicyContext } from '@clearstone/core';

/** Anything that decides like a `PolicyEngine` (only `evaluate` is used). */
export interface PolicyEvaluator {
  evaluate(ctx?: PolicyContext): Promise<Decision>;
}

/**
 * Human-approval channel used for PAUSE decisions; `InterventionClient` from
 * `@clearstone/policy` fits.
 */
export interface ApprovalChannel {
  /** Records the PAUSE; may return the intervention (`{ id }`) to wait on. */
  requestIntervention(decision: Decision, options?: { context?: PolicyContext }): unknown;
  waitForApproval(interventionId: string, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<boolean>;
}

/** What a decision is about. */
export type GovernedEventType = 'tool_call' | 'model_call' | 'retriever_call';

/** Running totals of one agent run (one `invoke`), as merged into the policy context. */
export interface RunTotals {
  /** Total tokens reported by the model calls made so far in the run. */
  tokensUsed: number;
  inputTokens: number;
  outputTokens: number;
  /** Cost in US dollars of those calls, from the price table (0 without prices). */
  sessionCost: number;
  /** Model calls made so far in the run. */
  llmCallCount: number;
  /** Tool calls made (or attempted) so far in the run. */
  toolCallCount: number;
}

/** The facts about one governed event that are merged into the policy context's metadata. */
export interface GovernedEvent extends Partial<RunTotals> {
  eventType: GovernedEventType;
  toolName?: string;
  toolInput?: unknown;
  toolCallId?: string;
  model?: string;
  provider?: string;
  messages?: unknown;
  prompts?: string[];
  query?: string;
  retrieverName?: string;
  runId?: string;
  [key: string]: unknown;
}

/** Called with every ALERT decision. Errors it throws are reported as process warnings. */
export type AlertHandler = (decision: Decision, event: GovernedEvent) => void | Promise<void>;

/** An empty set of run totals. */
export function emptyTotals(): RunTotals {
  return { tokensUsed: 0, inputTokens: 0, outputTokens: 0, sessionCost: 0, llmCallCount: 0, toolCallCount: 0 };
}
