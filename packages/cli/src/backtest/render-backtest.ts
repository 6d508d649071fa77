import type { BacktestResult } from '@clearstone/testing';
import type { CommandContext } from '../cli/command-context';
import { formatTable, truncate } from '../cli/format';

/** The `--json` form of a backtest: the summary plus the first blocked call of each blocked trace. */
export function backtestJson(result: BacktestResult, policyNames: readonly string[]) {
  return { policies: policyNames, ...result.summary(), blockedRuns: result.blockedRuns };
}

/** Prints a backtest's summary, blocked traces and per-policy counts. */
export function printBacktest(context: CommandContext, result: BacktestResult, policyNames: readonly string[]): void {
  const { bold, red, green, dim } = context.colors;
  const summary = result.summary();
  context.print(
    bold(
      `Backtest of ${policyNames.length} polic${policyNames.length === 1 ? 'y' : 'ies'} on ${summary.tracesAnalyzed} trace${summary.tracesAnalyzed === 1 ? '' : 's'}`,
    ),
  );
  context.print(dim(`  ${policyNames.join(', ')}`));
  context.print(`Spans analyzed: ${summary.spansAnalyzed}; tool and model calls evaluated: ${summary.callsEvaluated}`);
  context.print(
    `Decisions: ${Object.entries(summary.decisions)
      .map(([action, count]) => `${action} ${count}`)
      .join(', ')}`,
  );
  const blocked = `${summary.runsBlocked} of ${summary.tracesAnalyzed} (${summary.blockRatePercent.toFixed(2)}%)`;
  context.print(`Runs blocked: ${summary.runsBlocked > 0 ? red(blocked) : green(blocked)}`);
  if (result.blockedRuns.length > 0) {
    context.print(bold('Blocked traces:'));
    for (const run of result.blockedRuns) {
      const what =
        run.toolName !== undefined
          ? `tool ${run.toolName}`
          : run.model !== undefined
            ? `model ${run.model}`
            : run.spanName;
      const by = run.policyName === undefined ? '' : ` by ${run.policyName}`;
      context.print(`  ${run.traceId}  ${what}${by}: ${truncate(run.reason, 100)}`);
    }
  }
  const rows = Object.entries(summary.byPolicy).map(([name, entry]) => [
    `  ${name}`,
    Object.entries(entry.decisions)
      .filter(([, count]) => count > 0)
      .map(([action, count]) => `${action} ${count}`)
      .join(', ') || '—',
    `${entry.runsBlocked} blocked`,
  ]);
  if (rows.length > 0) {
    context.print(bold('By policy:'));
    context.print(formatTable(rows));
  }
}
