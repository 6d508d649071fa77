import { emptyTotals, type RunTotals } from '../decisions/types';
import type { TokenUsage } from '../events/token-usage';

/**
 * Maps LangChain run ids to their root run and keeps running totals per root run, so that
 * concurrent invokes never share totals.
 */
export class RunRegistry {
  private readonly roots = new Map<string, string>();
  private readonly totals = new Map<string, RunTotals>();

  /** Registers a run under its parent's root (a run without a known parent is a root). */
  start(runId: string, parentRunId: string | undefined): RunTotals {
    const root = (parentRunId && this.roots.get(parentRunId)) || runId;
    this.roots.set(runId, root);
    let totals = this.totals.get(root);
    if (!totals) this.totals.set(root, (totals = emptyTotals()));
    return totals;
  }

  /** The totals of the run's root. */
  totalsOf(runId: string): RunTotals | undefined {
    const root = this.roots.get(runId);
    return root === undefined ? undefined : this.totals.get(root);
  }

  /** Adds a model call's usage and cost to the run's root. */
  addUsage(runId: string, usage: TokenUsage, costUsd: number | undefined): void {
    const totals = this.totalsOf(runId);
    if (!totals) return;
    totals.tokensUsed += usage.totalTokens;
    totals.inputTokens += usage.inputTokens;
    totals.outputTokens += usage.outputTokens;
    totals.sessionCost += costUsd ?? 0;
  }

  /** Forgets a finished run; a finished root also drops its totals. */
  end(runId: string): void {
    const root = this.roots.get(runId);
    this.roots.delete(runId);
    if (root === runId) this.totals.delete(runId);
  }

  /** Number of runs being tracked. */
  get size(): number {
    return this.roots.size;
  }
}
