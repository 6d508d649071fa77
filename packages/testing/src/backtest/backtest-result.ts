import { PolicyTestResult } from '../result';
import type { DecisionCounts, PolicyTestResultInit, PolicyTestSummary } from '../result';

/** Decisions attributed to one policy of a backtested engine. */
export interface PolicyBreakdown {
  /**
   * Final decisions this policy decided, per action (the engine names the deciding policy in
   * `metadata.policyName`; every ALERT kept in `metadata.alerts` counts for its policy).
   */
  decisions: DecisionCounts;
  /** Traces this policy blocked. */
  blockedTraceIds: string[];
}

/** The first call a backtest blocked in a trace, and why. */
export interface BlockedRun {
  traceId: string;
  spanId: string;
  spanName: string;
  eventType: 'tool_call' | 'model_call';
  toolName?: string;
  model?: string;
  /** The deciding policy, when the engine names it. */
  policyName?: string;
  reason: string;
}

/** What {@link BacktestResult.summary} returns: the common summary plus calls evaluated and the per-policy counts. */
export interface BacktestSummary extends PolicyTestSummary {
  /** Tool and model calls the engine evaluated. */
  callsEvaluated: number;
  byPolicy: Record<string, { decisions: DecisionCounts; runsBlocked: number }>;
}

/** Fields of a {@link BacktestResult}. */
export interface BacktestResultInit extends PolicyTestResultInit {
  callsEvaluated: number;
  byPolicy: Record<string, PolicyBreakdown>;
  blockedRuns: BlockedRun[];
}

/**
 * Outcome of a backtest: decisions per action over every evaluated call, the blocked traces, the
 * first blocked call of each, and a per-policy breakdown.
 *
 * @example
 * ```ts
 * const result = await harness.backtest([blockDangerousToolsPolicy()], { since: lastWeek });
 * for (const run of result.blockedRuns) console.log(run.traceId, run.toolName, run.reason);
 * ```
 */
export class BacktestResult extends PolicyTestResult {
  /** Tool and model calls the engine evaluated. */
  readonly callsEvaluated: number;
  /** Per policy of the engine: what it decided and which traces it blocked. */
  readonly byPolicy: Readonly<Record<string, PolicyBreakdown>>;
  /** The first blocked call of each blocked trace, in the order the traces were analysed. */
  readonly blockedRuns: readonly BlockedRun[];

  constructor(init: BacktestResultInit) {
    super(init);
    this.callsEvaluated = init.callsEvaluated;
    this.byPolicy = Object.freeze({ ...init.byPolicy });
    this.blockedRuns = Object.freeze([...init.blockedRuns]);
  }

  override summary(): BacktestSummary {
    const byPolicy: BacktestSummary['byPolicy'] = {};
    for (const [name, breakdown] of Object.entries(this.byPolicy)) {
      byPolicy[name] = { decisions: { ...breakdown.decisions }, runsBlocked: breakdown.blockedTraceIds.length };
    }
    return { ...super.summary(), callsEvaluated: this.callsEvaluated, byPolicy };
  }
}
