/**
 * @clearstone/testing — behavioural assertions for AI agents, backtesting of policies on
 * recorded traces, and test doubles. Jest/Vitest matchers live in `@clearstone/testing/jest`.
 *
 * @example
 * ```ts
 * import { PolicyTestHarness, assertToolWasCalled, assertNoErrorsInTrace, checkTrace } from '@clearstone/testing';
 *
 * const harness = new PolicyTestHarness('agent_traces.db');
 * const [trace] = harness.loadTraces({ limit: 1 });
 * const failures = checkTrace(trace, assertToolWasCalled('web_search', { times: 1 }), assertNoErrorsInTrace());
 * if (failures.length > 0) console.error(failures.map((failure) => failure.reason).join('\n'));
 * ```
 * @packageDocumentation
 */

// Behavioural assertions (trace → Decision)
export {
  assertLlmCostIsLessThan,
  assertMaxDuration,
  assertMaxLlmCalls,
  assertMaxTokens,
  assertNoErrorsInTrace,
  assertSpanOrder,
  assertToolNotCalled,
  assertToolWasBlocked,
  assertToolWasCalled,
  assertTrajectory,
  blockedCallOf,
  blockedCalls,
  checkTrace,
  isBlockedCall,
  toolTrajectory,
  traceDurationNs,
} from './assertions';

// Harness: loading recorded traces and running policies over them
export { PolicyTestHarness } from './harness';
export { simulatePolicy, simulateSpanPolicy } from './simulate';
export { PolicyTestResult } from './result';

// Backtesting real policy engines
export { BacktestResult, backtest, backtestSync, compareBacktests } from './backtest';

// Previewing a change of policies on recorded calls
export { DEFAULT_MAX_FLIPS, PolicyChangePreview, previewPolicyChange } from './preview';

// Test doubles and output
export { TraceBuilder, traceBuilder } from './trace-builder';
export { formatTraceTree } from './format';

// Reading spans: attribute names and helpers
export {
  ClearstoneAttributes,
  GenAiAttributes,
  GenAiOperations,
  LLM_OPERATIONS,
  LegacyAttributes,
} from './conventions';
export { costOf, isLlmSpan, isToolSpan, modelOf, spanCategory, tokensOf, toolNameOf } from './spans';
export { evaluateTracePolicy, isStopping } from './trace-policy';

// Cassettes: recorded model and tool calls replayed in tests
export { CASSETTE_FORMAT, CASSETTE_MODE_ENV, CASSETTE_VERSION, Cassette, defaultCassetteMode } from './cassette';

// Errors
export { CassetteError, HarnessError } from './errors';

// Types
export type {
  AssertionOptions,
  BlockedCall,
  CallSelection,
  PreventedOutcome,
  ToolBlockedOptions,
  ToolCallOptions,
  ToolNotCalledOptions,
  TraceCheckFailure,
  TrajectoryMode,
  TrajectoryOptions,
} from './assertions';
export type { IterateTracesOptions, LoadTracesOptions, TimeInput, TraceFilter, TraceSource } from './harness';
export type { DecisionCounts, PolicyTestResultInit, PolicyTestSummary } from './result';
export type {
  BacktestComparison,
  BacktestMetadata,
  BacktestOptions,
  BacktestResultInit,
  BacktestSummary,
  BacktestTarget,
  BlockedRun,
  EngineLike,
  PolicyBreakdown,
  RunTotals,
} from './backtest';
export type {
  ActionChange,
  PolicyChangePreviewInit,
  PolicyChangeSummary,
  PolicyFlip,
  PolicyFlipCounts,
  PreviewPolicyChangeOptions,
} from './preview';
export type {
  BlockedLlmStepOptions,
  BlockedStepOptions,
  BlockedToolStepOptions,
  DecisionStep,
  GovernedStepOptions,
  LlmStepOptions,
  SpanScope,
  SpanStepOptions,
  StepOptions,
  ToolStepOptions,
  TraceBuilderOptions,
} from './trace-builder';
export type { FormatTraceTreeOptions } from './format';
export type { SpanCategory } from './spans';
export type { SpanPolicy, TracePolicy } from './trace-policy';
export type {
  CassetteCallKind,
  CassetteEntry,
  CassetteFile,
  CassetteFromTraceOptions,
  CassetteMatcher,
  CassetteMessage,
  CassetteMode,
  CassetteModelResponse,
  CassetteOptions,
  CassetteRequest,
  CassetteSource,
  CassetteToolResponse,
} from './cassette';
export type { CassetteErrorCode, HarnessErrorCode } from './errors';
