export { backtest, backtestSync } from './backtest';
export type { BacktestOptions } from './backtest';
export { BacktestResult } from './backtest-result';
export type { BacktestResultInit, BacktestSummary, BlockedRun, PolicyBreakdown } from './backtest-result';
export { compareBacktests } from './compare-backtests';
export type { BacktestComparison } from './compare-backtests';
export type { BacktestTarget, EngineLike } from './policy-evaluator';
export type { BacktestMetadata } from './rebuild-context';
export type { RunTotals } from './run-totals';
