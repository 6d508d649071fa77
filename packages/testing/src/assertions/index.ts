export { assertLlmCostIsLessThan } from './assert-llm-cost-is-less-than';
export { assertMaxDuration, traceDurationNs } from './assert-max-duration';
export { assertMaxLlmCalls } from './assert-max-llm-calls';
export { assertMaxTokens } from './assert-max-tokens';
export { assertNoErrorsInTrace } from './assert-no-errors-in-trace';
export { assertSpanOrder } from './assert-span-order';
export { assertToolNotCalled } from './assert-tool-not-called';
export { assertToolWasBlocked, blockedCallsSummary, matchingBlockedCalls } from './assert-tool-was-blocked';
export { assertToolWasCalled } from './assert-tool-was-called';
export { assertTrajectory } from './assert-trajectory';
export {
  PREVENTED_OUTCOMES,
  blockedCallOf,
  blockedCalls,
  describeBlockedCall,
  describeBlockedCalls,
  describeOutcome,
  isBlockedCall,
} from './blocked-calls';
export { checkTrace } from './check-trace';
export { classifyFailedSpans } from './policy-stops';
export { callsOf, toolSpans, toolTrajectory } from './tool-calls';
export type { BlockedCall, PreventedOutcome } from './blocked-calls';
export type { TraceCheckFailure } from './check-trace';
export type { ToolNotCalledOptions } from './assert-tool-not-called';
export type { ToolBlockedOptions } from './assert-tool-was-blocked';
export type { ToolCallOptions } from './assert-tool-was-called';
export type { TrajectoryMode, TrajectoryOptions } from './assert-trajectory';
export type { CallSelection } from './tool-calls';
export type { AssertionOptions } from './validate';
