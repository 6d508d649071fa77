export { awaitApproval } from './await-approval';
export type { ApprovalOutcome } from './await-approval';
export { publishDecision, subscribeDecisions, takePendingDecisions } from './decision-channel';
export type { DecisionListener } from './decision-channel';
export { decisionAttributes, toDecisionRecord } from './decision-record';
export type { PolicyDecisionRecord } from './decision-record';
export { evaluateEvent } from './evaluate-event';
export type { EventEvaluation } from './evaluate-event';
export { describeEvent, pauseError, violationError } from './policy-errors';
export { emptyTotals } from './types';
export type {
  AlertHandler,
  ApprovalChannel,
  GovernedEvent,
  GovernedEventType,
  PolicyEvaluator,
  RunTotals,
} from './types';
