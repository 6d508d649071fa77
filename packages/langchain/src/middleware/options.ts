import { InvalidArgumentError } from '@clearstone/core';
import type { ContextSource } from '../context/resolve-context';
import type { AlertHandler, ApprovalChannel, PolicyEvaluator } from '../decisions/types';
import { validatePriceTable, type PriceTable } from '../pricing/price-table';
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
  /** Prices used to compute `sessionCost`: `{ 'model-name': { inputPerMillion, outputPerMillion } }`. */
  prices?: PriceTable;
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
    prices: validatePriceTable(options.prices),
    name: options.name ?? 'ClearstoneMiddleware',
  };
}
