import { ActionType, type Decision } from '@clearstone/core';
import { InvalidArgumentError } from '@clearstone/core';
import { LatencyWindow } from './latency-window';

/** Statistics of one policy, as reported by {@link PolicyMetrics.summary}. */
export interface PolicyStats {
  /** Number of evaluations recorded. */
  evalCount: number;
  /** Number of BLOCK decisions. */
  blockCount: number;
  /** Number of ALERT decisions. */
  alertCount: number;
  /** Number of PAUSE decisions. */
  pauseCount: number;
  /** Number of REDACT decisions. */
  redactCount: number;
  /**
   * Sum of the latencies, in milliseconds. When an engine times only some evaluations (see
   * `latencySampleInterval`), the average of the timed ones × `evalCount`.
   */
  totalLatencyMs: number;
  /** Average latency of the timed evaluations (every recorded one unless latencies are sampled). */
  avgLatencyMs: number;
  /** Median latency over the most recent `windowSize` timed evaluations. */
  p50LatencyMs: number;
  /** 99th percentile latency over the most recent `windowSize` timed evaluations. */
  p99LatencyMs: number;
}

/** The live counters of one policy. Engines hold on to it to record without a lookup. */
export interface PolicyCounters {
  /** Number of evaluations recorded. */
  evalCount: number;
  /** Number of BLOCK decisions. */
  blockCount: number;
  /** Number of ALERT decisions. */
  alertCount: number;
  /** Number of PAUSE decisions. */
  pauseCount: number;
  /** Number of REDACT decisions. */
  redactCount: number;
  /** Sum of the latencies measured, in milliseconds. */
  totalLatencyMs: number;
  /** Number of evaluations whose latency was measured (all of them unless latencies are sampled). */
  timedCount: number;
  /** The most recent latencies, for percentiles. */
  readonly latencies: LatencyWindow;
}

/**
 * Per-policy counts and latencies. Memory is bounded: percentiles come from a fixed-size window
 * of each policy's most recent latencies (`windowSize`, default 1024). Counts are exact; an engine
 * measures latencies on one evaluation in `latencySampleInterval` (default 16).
 *
 * @example
 * ```ts
 * const metrics = new PolicyMetrics();
 * const engine = new PolicyEngine({ policies, metrics });
 * engine.evaluateSync(ctx);
 * console.table(metrics.summary());
 * ```
 */
export class PolicyMetrics {
  private readonly counters = new Map<string, PolicyCounters>();
  private readonly windowSize: number;
  /** An engine times one evaluation in this many; 1 when it times every one. */
  readonly latencySampleInterval: number;

  /**
   * @param options.windowSize - latencies kept per policy for percentiles; default 1024.
   * @param options.latencySampleInterval - an engine times one evaluation in this many (the first
   * one included) and counts every one; default 16, `1` times every evaluation. Reading the clock
   * around each policy costs about as much as a simple policy; sampling keeps averages and
   * percentiles while the counts stay exact. An engine with an `onDecision` callback times every
   * evaluation (it reports each latency).
   */
  constructor(options: { windowSize?: number; latencySampleInterval?: number } = {}) {
    const windowSize = options.windowSize ?? 1024;
    if (!Number.isInteger(windowSize) || windowSize < 1) {
      throw new InvalidArgumentError({
        message: 'PolicyMetrics windowSize must be a positive integer.',
        argument: 'windowSize',
      });
    }
    const interval = options.latencySampleInterval ?? 16;
    if (!Number.isInteger(interval) || interval < 1) {
      throw new InvalidArgumentError({
        message: 'PolicyMetrics latencySampleInterval must be a positive integer.',
        argument: 'latencySampleInterval',
      });
    }
    this.windowSize = windowSize;
    this.latencySampleInterval = interval;
  }

  /** The live counters of a policy, created on first use. */
  countersFor(policyName: string): PolicyCounters {
    let counters = this.counters.get(policyName);
    if (counters === undefined) {
      counters = {
        evalCount: 0,
        blockCount: 0,
        alertCount: 0,
        pauseCount: 0,
        redactCount: 0,
        totalLatencyMs: 0,
        timedCount: 0,
        latencies: new LatencyWindow(this.windowSize),
      };
      this.counters.set(policyName, counters);
    }
    return counters;
  }

  /** Records one evaluation of a policy and its latency. */
  record(policyName: string, decision: Decision, latencyMs: number): void {
    const counters = this.countersFor(policyName);
    countInto(counters, decision.action);
    addLatency(counters, latencyMs);
  }

  /** Statistics per policy name, in first-recorded order; `{}` when nothing was recorded. */
  summary(): Record<string, PolicyStats> {
    const summary: Record<string, PolicyStats> = {};
    for (const [name, counters] of this.counters) {
      if (counters.evalCount > 0) summary[name] = toStats(counters);
    }
    return summary;
  }

  /** The `topN` policies with the highest average latency, slowest first. */
  getSlowestPolicies(topN = 5): Array<[string, PolicyStats]> {
    return Object.entries(this.summary())
      .sort((a, b) => b[1].avgLatencyMs - a[1].avgLatencyMs)
      .slice(0, topN);
  }

  /** The `topN` policies that blocked most often; ties keep first-recorded order. */
  getTopBlockingPolicies(topN = 5): Array<[string, PolicyStats]> {
    return Object.entries(this.summary())
      .sort((a, b) => b[1].blockCount - a[1].blockCount)
      .slice(0, topN);
  }

  /** Zeroes every counter (engines holding counters keep recording into them). */
  reset(): void {
    for (const counters of this.counters.values()) {
      counters.evalCount = counters.blockCount = counters.alertCount = 0;
      counters.pauseCount = counters.redactCount = counters.totalLatencyMs = counters.timedCount = 0;
      counters.latencies.clear();
    }
  }
}

/** Counts one evaluation of a policy that decided `action`. */
export function countInto(counters: PolicyCounters, action: ActionType): void {
  counters.evalCount += 1;
  if (action === ActionType.ALLOW || action === ActionType.SKIP) return;
  if (action === ActionType.BLOCK) counters.blockCount += 1;
  else if (action === ActionType.ALERT) counters.alertCount += 1;
  else if (action === ActionType.PAUSE) counters.pauseCount += 1;
  else if (action === ActionType.REDACT) counters.redactCount += 1;
}

/** Adds one measured latency to a policy's counters. */
export function addLatency(counters: PolicyCounters, latencyMs: number): void {
  counters.timedCount += 1;
  counters.totalLatencyMs += latencyMs;
  counters.latencies.add(latencyMs);
}

function toStats(counters: PolicyCounters): PolicyStats {
  const timed = counters.timedCount;
  const average = timed === 0 ? 0 : counters.totalLatencyMs / timed;
  return {
    evalCount: counters.evalCount,
    blockCount: counters.blockCount,
    alertCount: counters.alertCount,
    pauseCount: counters.pauseCount,
    redactCount: counters.redactCount,
    totalLatencyMs: timed === counters.evalCount ? counters.totalLatencyMs : average * counters.evalCount,
    avgLatencyMs: average,
    p50LatencyMs: counters.latencies.quantile(0.5),
    p99LatencyMs: counters.latencies.quantile(0.99),
  };
}
