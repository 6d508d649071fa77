import { recordComponentInitialized } from '@clearstone/core';
import { createMiddleware } from 'langchain';
import { governModelCall, type GovernedModelRequest } from './govern-model-call';
import { governToolCall, type GovernedToolRequest } from './govern-tool-call';
import { resolveMiddlewareOptions, type ClearstoneMiddlewareOptions } from './options';
import { runTotalsStateSchema } from './run-totals';

/**
 * Clearstone governance for langchain v1 `createAgent`: the policy engine decides before every
 * model call and tool call, with the event's data merged into the policy context:
 * `eventType` (`'model_call'` | `'tool_call'`), `toolName`, `toolInput` (parsed arguments),
 * `toolCallId`, `model`, `messages` (`{ role, content, toolCalls? }[]`), and the running totals
 * of the current `invoke`: `tokensUsed` (from the models' `usage_metadata`), `inputTokens`,
 * `outputTokens`, `sessionCost` (priced by `@clearstone/core`'s cost engine: `DEFAULT_PRICES`,
 * your `prices` winning), `llmCallCount` and `toolCallCount` — counted before the call being
 * decided. Totals live in agent state (`clearstoneRun`), so concurrent invokes never mix; a run
 * starts from zero at its latest user message (a run resumed after a pause goes on counting).
 * The middleware only wraps the model and tool calls: it adds no node to the agent's graph. A model call's context also carries `operationCost`, its prompt's
 * estimated cost (≈ 4 characters per token at the model's input price; a floor, the answer is not
 * known yet). With a `ledger` (`SpendLedger` of `@clearstone/policy/ledger`), every model call's
 * cost and tokens are recorded for the context's user and session, and every decision's context
 * carries what they spent before it: `dailyCost`, `dailyTokens`, `sessionTotalCost`,
 * `sessionTotalTokens` — so `budgetPolicy`, `daily_cost_limit` and
 * `require_approval_for_high_cost` decide live, and backtests of the recording decide the same.
 *
 * - BLOCK: `agent.invoke` rejects (langchain wraps the `PolicyViolationError` in a
 *   `MiddlewareError`; test with `isPolicyViolation(error)`), or with `onBlock: 'tool-message'`
 *   the tool call returns an error ToolMessage and a model call an AIMessage explaining the block.
 * - PAUSE: waits on `interventions` (approved → runs; rejected, timed out → BLOCK); else, when
 *   the agent has a checkpointer, suspends the run with LangGraph `interrupt()` (resume with
 *   `new Command({ resume: true | false | { approved, reason } })`); else `PolicyPauseError`.
 * - REDACT: tool arguments and the tool's result, or the model's input messages and its
 *   response, are rewritten with the decision's spec (fields, patterns, PII entities).
 * - ALERT: `onAlert` is called; every decision is sent as a `clearstone.policy.decision` custom
 *   event that `TracingCallbackHandler` records on the run's span.
 *
 * @example
 * ```ts
 * import { createAgent } from 'langchain';
 * import { contextScope, createContext } from '@clearstone/core';
 * import { PolicyEngine } from '@clearstone/policy';
 * import { clearstoneMiddleware, isPolicyViolation } from '@clearstone/langchain/middleware';
 *
 * const agent = createAgent({ model, tools, middleware: [clearstoneMiddleware({ engine: new PolicyEngine({ policies }) })] });
 * const ctx = createContext({ userId: 'u1', agentId: 'support', metadata: { userRole: 'guest' } });
 * try {
 *   await contextScope(ctx, () => agent.invoke({ messages: [{ role: 'user', content: 'Open the admin panel' }] }));
 * } catch (error) {
 *   if (!isPolicyViolation(error)) throw error;
 * }
 * ```
 */
export function clearstoneMiddleware(options: ClearstoneMiddlewareOptions) {
  const resolved = resolveMiddlewareOptions(options);
  recordComponentInitialized('clearstoneMiddleware');
  return createMiddleware({
    name: resolved.name,
    stateSchema: runTotalsStateSchema,
    wrapModelCall: (request, handler) =>
      governModelCall(resolved, request as unknown as GovernedModelRequest, handler as never) as ReturnType<
        typeof handler
      >,
    wrapToolCall: (request, handler) =>
      governToolCall(resolved, request as unknown as GovernedToolRequest, handler as never) as ReturnType<
        typeof handler
      >,
  });
}
