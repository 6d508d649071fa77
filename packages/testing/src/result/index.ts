export { emptyDecisionCounts } from './decision-counts';
export type { DecisionCounts } from './decision-counts';
export { PolicyTestResult } from './policy-test-result';
export type { PolicyTestResultInit, PolicyTestSummary } from './policy-test-result';
