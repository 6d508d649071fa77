/**
 * @clearstone/langchain — Clearstone governance and tracing for LangChain.js.
 *
 * - `TracingCallbackHandler`: every LangChain run becomes a Clearstone span.
 * - `PolicyCallbackHandler`: policy decisions at tool, model and retriever starts for chains,
 *   graphs and direct runnables.
 * - `clearstoneMiddleware` (entry `@clearstone/langchain/middleware`): governance for langchain
 *   v1 `createAgent`, with blocking, approvals, redaction and running token/cost totals.
 *
 * @example
 * ```ts
 * import { PolicyCallbackHandler, TracingCallbackHandler } from '@clearstone/langchain';
 * await chain.invoke(input, { callbacks: [new PolicyCallbackHandler(engine), new TracingCallbackHandler(provider)] });
 * ```
 * @packageDocumentation
 */

// Callback handlers
export { PolicyCallbackHandler } from './callbacks';
export { TracingCallbackHandler, recordDecisionSpan } from './tracing';

// Errors raised through LangChain runs
export { getPolicyPause, getPolicyViolation, isPolicyPause, isPolicyViolation } from './errors';

// Attribute names
export { ClearstoneAttributes, ClearstoneEvents, GenAiAttributes, GenAiOperations } from './conventions';

// Decision records shared by the middleware, the handlers and tracing
export { decisionAttributes, publishDecision, toDecisionRecord } from './decisions';

// Types
export type { PolicyCallbackHandlerOptions, RedactDecisionMode } from './callbacks';
export type { DecisionTracer, TracerSource, TracingCallbackHandlerOptions } from './tracing';
export type {
  AlertHandler,
  ApprovalChannel,
  GovernedEvent,
  GovernedEventType,
  PolicyDecisionRecord,
  PolicyEvaluator,
  RunTotals,
} from './decisions';
export type { ContextSource } from './context';
export type { CompactMessage, TokenUsage } from './events';
// Prices are @clearstone/core's (DEFAULT_PRICES, findPrice, priceUsage); the option types, for convenience.
export type { ModelPrice, PriceTable } from '@clearstone/core';
