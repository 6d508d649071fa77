// The policy context metadata keys that the integrations fill and the built-in policies read.

/**
 * Names of the policy context metadata keys that cross package boundaries: filled by the
 * LangChain integration (and backtests) and read by the built-in policies. Use them instead of
 * string literals so a policy, the integration and a backtest always agree.
 *
 * @example
 * ```ts
 * import { ContextKeys, BLOCK, ALLOW } from '@clearstone/core';
 * const noGuestsOnAdmin = (ctx) =>
 *   ctx.metadata[ContextKeys.USER_ROLE] === 'guest' && ctx.metadata[ContextKeys.TOOL_NAME] === 'admin_panel'
 *     ? BLOCK('Guests cannot use admin tools')
 *     : ALLOW;
 * ```
 */
export const ContextKeys = Object.freeze({
  /** What is being decided: `'tool_call'`, `'model_call'` or `'retriever_call'`. */
  EVENT_TYPE: 'eventType',
  /** Name of the tool about to run. */
  TOOL_NAME: 'toolName',
  /** Arguments of the tool call (parsed JSON when possible). */
  TOOL_INPUT: 'toolInput',
  /** Id of the model's tool call. */
  TOOL_CALL_ID: 'toolCallId',
  /** Name of the model about to be called. */
  MODEL: 'model',
  /** Provider of the model, when known. */
  PROVIDER: 'provider',
  /** Chat messages sent to the model (`{ role, content, toolCalls? }[]`). */
  MESSAGES: 'messages',
  /** Tokens used so far in the run (input + output). */
  TOKENS_USED: 'tokensUsed',
  /** Input tokens used so far in the run. */
  INPUT_TOKENS: 'inputTokens',
  /** Output tokens used so far in the run. */
  OUTPUT_TOKENS: 'outputTokens',
  /** Cost in US dollars of the run so far. */
  SESSION_COST: 'sessionCost',
  /** Cost in US dollars spent today (UTC) by the user, before the call being decided (from a spend ledger). */
  DAILY_COST: 'dailyCost',
  /** Tokens used today (UTC) by the user, before the call being decided (from a spend ledger). */
  DAILY_TOKENS: 'dailyTokens',
  /** Cost in US dollars spent in the session, over all its runs, before the call being decided (from a spend ledger). */
  SESSION_TOTAL_COST: 'sessionTotalCost',
  /** Tokens used in the session, over all its runs, before the call being decided (from a spend ledger). */
  SESSION_TOTAL_TOKENS: 'sessionTotalTokens',
  /** Expected cost in US dollars of the operation being decided. */
  OPERATION_COST: 'operationCost',
  /** Model calls made so far in the run. */
  LLM_CALL_COUNT: 'llmCallCount',
  /** Tool calls made (or attempted) so far in the run. */
  TOOL_CALL_COUNT: 'toolCallCount',
  /** Role of the user the agent acts for, e.g. `'guest'`, `'admin'`. */
  USER_ROLE: 'userRole',
  /** Token limit `tokenLimitPolicy` enforces. */
  TOKEN_LIMIT: 'tokenLimit',
  /** Session cost limit in US dollars. */
  SESSION_COST_LIMIT: 'sessionCostLimit',
  /** Daily cost limit in US dollars. */
  DAILY_COST_LIMIT: 'dailyCostLimit',
  /** Calls counted in the current rate window. */
  RATE_COUNT: 'rateCount',
  /** Calls allowed per rate window. */
  RATE_LIMIT: 'rateLimit',
  /** Trace of the span the decision is about (filled by the integration; read by the audit trail). */
  TRACE_ID: 'traceId',
  /** Span the decision is about (filled by the integration; read by the audit trail). */
  SPAN_ID: 'spanId',
} as const);

/** A value of {@link ContextKeys}. */
export type ContextKey = (typeof ContextKeys)[keyof typeof ContextKeys];
