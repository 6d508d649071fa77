/**
 * `@clearstone/langchain/middleware` — Clearstone governance as langchain v1 agent middleware.
 *
 * @example
 * ```ts
 * import { clearstoneMiddleware } from '@clearstone/langchain/middleware';
 * const agent = createAgent({ model, tools, middleware: [clearstoneMiddleware({ engine })] });
 * ```
 * @packageDocumentation
 */

// Middleware
export { clearstoneMiddleware } from './clearstone-middleware';
export { RUN_TOTALS_KEY } from './run-totals';

// Errors raised through agent.invoke
export { getPolicyPause, getPolicyViolation, isPolicyPause, isPolicyViolation } from '../errors';

// Types
export type { BlockMode, ClearstoneMiddlewareOptions } from './options';
export type { PolicyApprovalRequest, PolicyApprovalResponse } from './resolve-pause';
export type { RunTotalsState } from './run-totals';
export type {
  AlertHandler,
  ApprovalChannel,
  GovernedEvent,
  GovernedEventType,
  PolicyEvaluator,
  RunTotals,
} from '../decisions/types';
export type { ContextSource } from '../context/resolve-context';
export type { Redactor } from '../redaction/redact-messages';
export type { PriceTable, ModelPrice } from '@clearstone/core';
export type { BudgetLedger } from '@clearstone/policy/builtins';
