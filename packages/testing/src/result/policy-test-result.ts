import type { DecisionCounts } from './decision-counts';

/** What {@link PolicyTestResult.summary} returns. */
export interface PolicyTestSummary {
  /** Name of the policy (or engine) that was run. */
  policyName: string;
  /** Number of traces the policy was run over. */
  tracesAnalyzed: number;
  /** Spans in the analysed traces. */
  spansAnalyzed: number;
  /** Decisions per action (all six present). */
  decisions: DecisionCounts;
  /** Traces with at least one BLOCK. */
  runsBlocked: number;
  /** `runsBlocked` as a percentage of `tracesAnalyzed` (0–100, two decimals); per trace, for span policies too. */
  blockRatePercent: number;
  /** Ids of the traces with at least one BLOCK, in the order they were analysed. */
  blockedTraceIds: string[];
}

/** Fields of a {@link PolicyTestResult}. */
export interface PolicyTestResultInit {
  /** Name of the policy (or engine) that was run. */
  policyName: string;
  /** Number of traces the policy was run over. */
  tracesAnalyzed: number;
  /** Spans in the analysed traces. */
  spansAnalyzed: number;
  /** Decisions per action. */
  decisions: DecisionCounts;
  /** Ids of the traces with at least one BLOCK, in the order they were analysed. */
  blockedTraceIds: string[];
}

/**
 * Outcome of running a policy over recorded traces: decisions per action and the traces it
 * blocked. Returned by `simulatePolicy`, `simulateSpanPolicy` and (extended) `backtest`.
 *
 * @example
 * ```ts
 * const result = harness.simulatePolicy(assertNoErrorsInTrace(), traces);
 * console.log(result.summary()); // { policyName: 'assertNoErrorsInTrace()', runsBlocked: 1, blockRatePercent: 50, … }
 * ```
 */
export class PolicyTestResult {
  /** Name of the policy (or engine) that was run. */
  readonly policyName: string;
  /** Number of traces the policy was run over. */
  readonly tracesAnalyzed: number;
  /** Spans in the analysed traces. */
  readonly spansAnalyzed: number;
  /** Decisions per action (all six present). */
  readonly decisions: Readonly<DecisionCounts>;
  /** Ids of the traces with at least one BLOCK, in the order they were analysed. */
  readonly blockedTraceIds: readonly string[];

  constructor(init: PolicyTestResultInit) {
    this.policyName = init.policyName;
    this.tracesAnalyzed = init.tracesAnalyzed;
    this.spansAnalyzed = init.spansAnalyzed;
    this.decisions = Object.freeze({ ...init.decisions });
    this.blockedTraceIds = Object.freeze([...init.blockedTraceIds]);
  }

  /** Traces with at least one BLOCK. */
  get runsBlocked(): number {
    return this.blockedTraceIds.length;
  }

  /** Share of analysed traces that were blocked, in percent with two decimals (0 when none were analysed). */
  get blockRatePercent(): number {
    return this.tracesAnalyzed === 0 ? 0 : Math.round((this.runsBlocked / this.tracesAnalyzed) * 10_000) / 100;
  }

  /** A plain-object report of the run. */
  summary(): PolicyTestSummary {
    return {
      policyName: this.policyName,
      tracesAnalyzed: this.tracesAnalyzed,
      spansAnalyzed: this.spansAnalyzed,
      decisions: { ...this.decisions },
      runsBlocked: this.runsBlocked,
      blockRatePercent: this.blockRatePercent,
      blockedTraceIds: [...this.blockedTraceIds],
    };
  }
}
