export { compareTraces, type OutputChange, type ToolCallSummary, type TraceDiff } from './compare-traces';
