import {
  ActionType,
  GovernedOutcomes,
  governedOutcomeOf,
  policyDecisionsOf,
  traceCostBreakdownOf,
  traceCostOf,
  traceUsageOf,
  unknownCostModelsOf,
} from '@clearstone/core';
import type { CostBreakdown, SpanRecord, SpansLike, TraceSummary } from '@clearstone/core';

/** Tokens and cost of a trace as the CLI prints them; the same figures as the viewer and the testing assertions. */
export interface TraceUsageFigures {
  /** Input tokens of the trace's model calls (`traceUsageOf`). */
  inputTokens: number;
  /** Output tokens of the trace's model calls. */
  outputTokens: number;
  /** Input plus output tokens. */
  totalTokens: number;
  /** Cost in US dollars (`traceCostOf`); null when no span records a cost. */
  costUsd: number | null;
  /** The cost by kind of token (`traceCostBreakdownOf`); null when no model call records one. */
  cost: CostBreakdown | null;
  /** Models of the calls whose cost is unknown (no price), each once; `costUsd` leaves those calls out. */
  unknownCostModels: string[];
}

/** The tokens and cost of a trace: each model call counted once, never a run's total on top of its calls. */
export function traceUsageFigures(trace: SpansLike): TraceUsageFigures {
  const usage = traceUsageOf(trace);
  return {
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    totalTokens: usage?.totalTokens ?? 0,
    costUsd: traceCostOf(trace) ?? null,
    cost: traceCostBreakdownOf(trace) ?? null,
    unknownCostModels: unknownCostModelsOf(trace),
  };
}

/**
 * `input $0.0036 · cached input $0.0060 · cache write $0.0135 · output $0.0075`: input and output
 * always, cached input, cache writes and reasoning when they cost something.
 */
export function formatCostParts(cost: CostBreakdown): string {
  const parts: Array<[string, number]> = [['input', cost.inputUsd]];
  if (cost.cacheReadUsd > 0) parts.push(['cached input', cost.cacheReadUsd]);
  if (cost.cacheWriteUsd > 0) parts.push(['cache write', cost.cacheWriteUsd]);
  parts.push(['output', cost.outputUsd]);
  if (cost.reasoningUsd > 0) parts.push(['reasoning', cost.reasoningUsd]);
  return parts.map(([label, usd]) => `${label} ${formatCostUsd(usd)}`).join(' · ');
}

/** `no price for 'acme-1', 'acme-2'`. */
export function unknownCostText(models: readonly string[]): string {
  return `no price for ${models.map((model) => `'${model}'`).join(', ')}`;
}

/** A token count with thousands separators. */
export function formatTokens(tokens: number): string {
  return tokens.toLocaleString('en-US');
}

/** A cost in US dollars with four decimals (as the testing assertions print it), or `—` when unknown. */
export function formatCostUsd(costUsd: number | null): string {
  return costUsd === null ? '—' : `$${costUsd.toFixed(4)}`;
}

/**
 * `1,020 tokens (900 in / 120 out)  $0.0125 (input $0.0023 · cached input $0.0002 · output $0.0100)`,
 * with `+ cost unknown (no price for 'model')` when some calls' cost is unknown; undefined when
 * the trace records neither tokens nor cost.
 */
export function usageLine(figures: TraceUsageFigures): string | undefined {
  const parts: string[] = [];
  if (figures.totalTokens > 0)
    parts.push(
      `${formatTokens(figures.totalTokens)} tokens (${formatTokens(figures.inputTokens)} in / ${formatTokens(figures.outputTokens)} out)`,
    );
  if (figures.costUsd !== null)
    parts.push(
      `${formatCostUsd(figures.costUsd)}${figures.cost === null ? '' : ` (${formatCostParts(figures.cost)})`}`,
    );
  if (figures.unknownCostModels.length > 0)
    parts.push(
      `${figures.costUsd === null ? 'cost unknown' : '+ cost unknown'} (${unknownCostText(figures.unknownCostModels)})`,
    );
  return parts.length === 0 ? undefined : parts.join('  ');
}

/** Whether a trace holds a block and whether it holds a pause. */
export interface GovernanceFlags {
  /** A policy blocked a call (or a human rejected one, or its approval timed out). */
  blocked: boolean;
  /** A call was paused for a human's approval. */
  paused: boolean;
}

/**
 * The trace store's `blocked` / `paused` flags when it keeps them, else what the spans record: a
 * BLOCK or PAUSE decision, or a governed call that did not run (the viewer reads them the same way).
 */
export function governanceFlags(summary: TraceSummary, spans: readonly SpanRecord[]): GovernanceFlags {
  const actions = spans.flatMap((span) => policyDecisionsOf(span).map((decision) => decision.action.toLowerCase()));
  const outcomes = spans.map(governedOutcomeOf);
  const blocked =
    actions.includes(ActionType.BLOCK) ||
    outcomes.some(
      (outcome) =>
        outcome === GovernedOutcomes.BLOCKED ||
        outcome === GovernedOutcomes.REJECTED ||
        outcome === GovernedOutcomes.TIMED_OUT,
    );
  const paused = actions.includes(ActionType.PAUSE) || outcomes.includes(GovernedOutcomes.PAUSED);
  return { blocked: summary.blocked ?? blocked, paused: summary.paused ?? paused };
}

/** `BLOCKED`, `PAUSED`, `BLOCKED,PAUSED` or an empty string. */
export function governanceMarker(flags: GovernanceFlags): string {
  return [flags.blocked ? 'BLOCKED' : '', flags.paused ? 'PAUSED' : ''].filter(Boolean).join(',');
}
