import { InvalidArgumentError, validatePrices, type PriceTable } from '@clearstone/core';
import type { BudgetLedger } from '@clearstone/policy/builtins';
import type { ContextSource } from '../context/resolve-context';
import type { AlertHandler, ApprovalChannel, PolicyEvaluator } from '../decisions/types';
import type { Redactor } from '../redaction/redact-messages';
import type { DecisionTracer } from '../tracing/decision-tracer';

/** What the middleware does with a BLOCK. */
export type BlockMode = 'throw' | 'tool-message';

/** Options of {@link clearstoneMiddleware}. */
export interface ClearstoneMiddlewareOptions {
  /** Decides every model and tool call (a `PolicyEngine`). */
  engine: PolicyEvaluator;
  /** Context used when none is ambient (`contextScope`): fixed, or a function called per decision. */
  context?: ContextSource;
  /** When set, each decision is also recorded as a `clearstone.policy` span (a Clearstone `Tracer`). */
  tracer?: DecisionTracer;
  /** Human approval for PAUSE decisions (an `InterventionClient`). */
  interventions?: ApprovalChannel;
  /** How long to wait for an approval before blocking (default 300000 = 5 minutes). */
  approvalTimeoutMs?: number;
  /**
   * `'throw'` (default): a BLOCK rejects `agent.invoke` (see `isPolicyViolation`).
   * `'tool-message'`: a blocked tool call returns an error ToolMessage and a blocked model call
   * an AIMessage explaining the block, so the agent can go on.
   */
  onBlock?: BlockMode;
  /** Called with every ALERT (and with the ALERTs folded into other decisions). */
  onAlert?: AlertHandler;
  /** Redaction applied for REDACT decisions; defaults to the PII redactor of `@clearstone/policy/builtins`. */
  redact?: Redactor;
  /**
   * Your prices, per model, in US dollars per million tokens (`{ 'my-model': { inputPerMillion,
   * outputPerMillion, cacheReadPerMillion?, … } }`); they win over `DEFAULT_PRICES` of
   * `@clearstone/core`, which prices the current hosted models without this option. They price
   * `sessionCost`, `operationCost` and what is recorded in `ledger`.
   */
  prices?: PriceTable;
  /**
   * Where every model call's cost and tokens are recorded, for the context's user and session
   * (`SpendLedger` of `@clearstone/policy/ledger`, shared by processes). With it, every decision's
   * context carries what was spent before it: `dailyCost` / `dailyTokens` (the user's UTC day)
   * and `sessionTotalCost` / `sessionTotalTokens` (the session, over all its runs) — what
   * `budgetPolicy` and `daily_cost_limit` read, recorded with the decision so backtests decide
   * the same.
   */
  ledger?: BudgetLedger;
  /** Middleware name shown by langchain (default `'ClearstoneMiddleware'`). */
  name?: string;
}

/** Options after validation, with defaults applied. */
export interface ResolvedMiddlewareOptions extends Omit<
  ClearstoneMiddlewareOptions,
  'onBlock' | 'prices' | 'approvalTimeoutMs' | 'name'
> {
  onBlock: BlockMode;
  prices: PriceTable;
  approvalTimeoutMs: number;
  name: string;
}

function requireFunction(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new InvalidArgumentError({ message: `clearstoneMiddleware: ${name} must be a function.`, argument: name });
  }
}

/**
 * Validates the options.
 *
 * @throws InvalidArgumentError naming the offending option.
 */
export function resolveMiddlewareOptions(options: ClearstoneMiddlewareOptions): ResolvedMiddlewareOptions {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError({
      message: 'clearstoneMiddleware requires an options object { engine, ... }.',
      argument: 'options',
    });
  }
  if (!options.engine || typeof options.engine.evaluate !== 'function') {
    throw new InvalidArgumentError({
      message: 'clearstoneMiddleware: engine must be a PolicyEngine (an object with evaluate(ctx)).',
      argument: 'engine',
    });
  }
  const onBlock = options.onBlock ?? 'throw';
  if (onBlock !== 'throw' && onBlock !== 'tool-message') {
    throw new InvalidArgumentError({
      message: `clearstoneMiddleware: onBlock must be 'throw' or 'tool-message' (got ${String(onBlock)}).`,
      argument: 'onBlock',
    });
  }
  const interventions = options.interventions;
  if (
    interventions !== undefined &&
    (typeof interventions?.requestIntervention !== 'function' || typeof interventions?.waitForApproval !== 'function')
  ) {
    throw new InvalidArgumentError({
      message: 'clearstoneMiddleware: interventions must be an InterventionClient.',
      argument: 'interventions',
    });
  }
  const approvalTimeoutMs = options.approvalTimeoutMs ?? 300_000;
  if (!Number.isFinite(approvalTimeoutMs) || approvalTimeoutMs <= 0) {
    throw new InvalidArgumentError({
      message: 'clearstoneMiddleware: approvalTimeoutMs must be a positive number.',
      argument: 'approvalTimeoutMs',
    });
  }
  const ledger = options.ledger;
  if (
    ledger !== undefined &&
    (typeof ledger?.record !== 'function' ||
      typeof ledger?.userDay !== 'function' ||
      typeof ledger?.session !== 'function')
  ) {
    throw new InvalidArgumentError({
      message: 'clearstoneMiddleware: ledger must be a SpendLedger (an object with record, userDay and session).',
      argument: 'ledger',
    });
  }
  requireFunction(options.onAlert, 'onAlert');
  requireFunction(options.redact, 'redact');
  if (options.tracer !== undefined && typeof options.tracer?.startSpan !== 'function') {
    throw new InvalidArgumentError({
      message: 'clearstoneMiddleware: tracer must be a Clearstone Tracer.',
      argument: 'tracer',
    });
  }
  return {
    ...options,
    onBlock,
    approvalTimeoutMs,
    prices: validatePrices(options.prices),
    name: options.name ?? 'ClearstoneMiddleware',
  };
}
