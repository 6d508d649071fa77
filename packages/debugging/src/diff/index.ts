export { compareTraces, type OutputChange, type ToolCallSummary, type TraceDiff } from './compare-traces';
export { compareRuns, type CompareRunsOptions } from './compare-runs';
export {
  formatTraceComparison,
  type ComparisonTextStyles,
  type FormatTraceComparisonOptions,
} from './format-trace-comparison';
export type {
  AgentStep,
  ComparedRun,
  ComparedStep,
  DecisionChange,
  RunTotals,
  StepChange,
  StepCounts,
  StepDecision,
  StepDelta,
  StepKind,
  TotalsDelta,
  TraceComparison,
} from './trace-comparison';
