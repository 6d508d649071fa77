import {
  ActionType,
  GovernedOutcomes,
  governedOutcomeOf,
  traceCostBreakdownOf,
  traceCostOf,
  traceUsageOf,
  unknownCostModelsOf,
  wasPrevented,
} from '@clearstone/core';
import type { CostBreakdown, SpanRecord } from '@clearstone/core';
import { decisionKey, spanDecisions } from './policy-decisions';

/**
 * Usage, cost and governance counts of a whole trace. Tokens and cost are `traceUsageOf` and
 * `traceCostOf` of `@clearstone/core` — each model call counted once, never a run's total on top
 * of its calls — the same figures `clearstone traces show` prints and the testing assertions check.
 */
export interface TraceTotals {
  /** Input tokens of the trace's model calls. */
  inputTokens: number;
  /** Output tokens of the trace's model calls. */
  outputTokens: number;
  /** Input plus output tokens of the trace's model calls. */
  totalTokens: number;
  /** Cost in US dollars; absent when no span records a cost. */
  costUsd?: number;
  /**
   * The cost by kind of token — uncached input, cached input, cache writes, output, reasoning
   * (`traceCostBreakdownOf`); absent when no model call records one.
   */
  cost?: CostBreakdown;
  /**
   * Models of the model calls whose cost is unknown (they used tokens but their model has no
   * price), each once; empty when every cost is known. `costUsd` leaves those calls out.
   */
  unknownCostModels: string[];
  /** Policy decisions with action `block`. */
  blockedCount: number;
  /** Policy decisions with action `pause`. */
  pausedCount: number;
  /** All policy decisions. */
  decisionCount: number;
  /** Spans recording a governed call that did not run (blocked, rejected, timed out or paused). */
  preventedCount: number;
  /** True when a policy blocked a call (or a human rejected one, or its approval timed out). */
  blocked: boolean;
  /** True when a call was paused for a human's approval. */
  paused: boolean;
}

/** Tokens, cost and decision counts of a trace's spans. */
export function traceTotals(spans: readonly SpanRecord[]): TraceTotals {
  const usage = traceUsageOf(spans);
  const costUsd = traceCostOf(spans);
  const cost = traceCostBreakdownOf(spans);
  const outcomes = spans.map(governedOutcomeOf);
  const totals: TraceTotals = {
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    totalTokens: usage?.totalTokens ?? 0,
    ...(costUsd === undefined ? {} : { costUsd }),
    ...(cost === undefined ? {} : { cost }),
    unknownCostModels: unknownCostModelsOf(spans),
    blockedCount: 0,
    pausedCount: 0,
    decisionCount: 0,
    preventedCount: spans.filter(wasPrevented).length,
    blocked: false,
    paused: false,
  };
  const fromEvents = new Set<string>();
  const fromAttributes = new Map<string, string>();
  const counted: string[] = [];
  for (const span of spans) {
    for (const decision of spanDecisions(span)) {
      const key = decisionKey(decision);
      if (decision.timeNs !== undefined) {
        fromEvents.add(key);
        counted.push(decision.action);
      } else {
        fromAttributes.set(key, decision.action);
      }
    }
  }
  for (const [key, action] of fromAttributes) if (!fromEvents.has(key)) counted.push(action);
  totals.decisionCount = counted.length;
  totals.blockedCount = counted.filter((action) => action === ActionType.BLOCK).length;
  totals.pausedCount = counted.filter((action) => action === ActionType.PAUSE).length;
  totals.blocked =
    totals.blockedCount > 0 ||
    outcomes.some(
      (outcome) =>
        outcome === GovernedOutcomes.BLOCKED ||
        outcome === GovernedOutcomes.REJECTED ||
        outcome === GovernedOutcomes.TIMED_OUT,
    );
  totals.paused = totals.pausedCount > 0 || outcomes.includes(GovernedOutcomes.PAUSED);
  return totals;
}
