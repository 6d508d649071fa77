import { ActionType } from '@clearstone/core';
import type { PolicyTestResult, DecisionCounts } from '../result';

/** What changes from one policy set to another over the same traces; see {@link compareBacktests}. */
export interface BacktestComparison {
  /** Name of the baseline run and of the candidate run. */
  baseline: string;
  candidate: string;
  /** Traces the candidate blocks and the baseline did not. */
  newlyBlocked: string[];
  /** Traces the baseline blocked and the candidate does not. */
  noLongerBlocked: string[];
  /** Traces both block. */
  stillBlocked: number;
  /** Candidate minus baseline decisions, per action. */
  decisionsDelta: DecisionCounts;
  /** Candidate minus baseline block rate, in percentage points. */
  blockRateDeltaPercent: number;
  /** False when the two runs analysed different numbers of traces (the comparison is then only indicative). */
  sameTraceCount: boolean;
}

/**
 * Compares two runs over the same traces — typically the policies in production and a candidate
 * set — and lists the traces whose outcome changes.
 *
 * @example
 * ```ts
 * const current = await harness.backtest(productionPolicies, { since: lastWeek });
 * const proposed = await harness.backtest([...productionPolicies, tokenLimitPolicy()], { since: lastWeek });
 * const change = compareBacktests(current, proposed);
 * console.log(`${change.newlyBlocked.length} more runs would be blocked`);
 * ```
 */
export function compareBacktests(baseline: PolicyTestResult, candidate: PolicyTestResult): BacktestComparison {
  const before = new Set(baseline.blockedTraceIds);
  const after = new Set(candidate.blockedTraceIds);
  const decisionsDelta = {} as DecisionCounts;
  for (const action of Object.values(ActionType))
    decisionsDelta[action] = candidate.decisions[action] - baseline.decisions[action];
  return {
    baseline: baseline.policyName,
    candidate: candidate.policyName,
    newlyBlocked: candidate.blockedTraceIds.filter((id) => !before.has(id)),
    noLongerBlocked: baseline.blockedTraceIds.filter((id) => !after.has(id)),
    stillBlocked: candidate.blockedTraceIds.filter((id) => before.has(id)).length,
    decisionsDelta,
    blockRateDeltaPercent: Math.round((candidate.blockRatePercent - baseline.blockRatePercent) * 100) / 100,
    sameTraceCount: baseline.tracesAnalyzed === candidate.tracesAnalyzed,
  };
}
