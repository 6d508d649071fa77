import {
  ActionType,
  ClearstoneAttributes,
  GovernedOutcomes,
  type Attributes,
  type Decision,
  type GovernedOutcome,
  type PolicyContext,
} from '@clearstone/core';
import type { GovernedEvent } from './types';

/** A policy decision as recorded on spans and sent through LangChain custom events. */
export interface PolicyDecisionRecord {
  /** The decision's action, e.g. `'block'`. */
  action: string;
  /** The decision's reason. */
  reason?: string;
  /** The policy that decided, when the decision names it. */
  policyName?: string;
  /** What the decision was about: `tool_call`, `model_call` or `retriever_call`. */
  eventType: string;
  /** Name of the tool, for tool calls. */
  toolName?: string;
  /** Id of the model's tool call, for tool calls. */
  toolCallId?: string;
  /** Name of the model, for model calls. */
  model?: string;
  /** Id of the intervention, for PAUSE decisions. */
  interventionId?: string;
  /** Every ALERT of the evaluation, as `policy: reason`. */
  alerts?: string[];
  /**
   * Set by the middleware: the decision is about a call that is not a LangChain run yet (the tool
   * or model runs only if allowed), so the tracing handler records it on the call's own span.
   */
  governedCall?: true;
  /** Trace of the span the decision is recorded on, when a tracing handler records the run. */
  traceId?: string;
  /** Span the decision is recorded on (reserved before the call runs). */
  spanId?: string;
  /** Arguments of the tool call (tool calls). */
  toolInput?: unknown;
  /** The LangChain run the decision is about, and its parent (callback-handler decisions). */
  parentRunId?: string;
  /** What became of the call when the decision prevented it: `blocked`, `rejected` or `timed_out`. */
  outcome?: GovernedOutcome;
  /** The policy context the engine decided on (not for decisions that replace a PAUSE). */
  context?: { userId: string; agentId: string; sessionId: string; metadata: Readonly<Record<string, unknown>> };
}

/** What became of a call that `decision` (a BLOCK) prevented. */
export function preventedOutcome(decision: Decision): GovernedOutcome {
  const intervention = decision.metadata.intervention;
  if (intervention === 'timed_out') return GovernedOutcomes.TIMED_OUT;
  if (intervention === 'rejected' || intervention === 'failed') return GovernedOutcomes.REJECTED;
  return GovernedOutcomes.BLOCKED;
}

function alertReasons(decision: Decision): string[] | undefined {
  const alerts = decision.metadata.alerts;
  if (!Array.isArray(alerts) || alerts.length === 0) return undefined;
  return alerts.map((alert) =>
    typeof alert === 'string' ? alert : `${alert?.policy ?? 'policy'}: ${alert?.reason ?? ''}`,
  );
}

/** Extra facts of a decision record: where it is recorded and the context it was taken in. */
export interface DecisionRecordExtras {
  /** The call is not a run yet (middleware). */
  governedCall?: boolean;
  /** Where the decision's span is. */
  location?: { traceId: string; spanId: string } | undefined;
  /** The context the engine decided on. */
  context?: PolicyContext | undefined;
}

/** The record of `decision` taken on `event`. */
export function toDecisionRecord(
  decision: Decision,
  event: GovernedEvent,
  extras: DecisionRecordExtras = {},
): PolicyDecisionRecord {
  const record: PolicyDecisionRecord = { action: decision.action, eventType: event.eventType };
  if (extras.governedCall) record.governedCall = true;
  if (extras.location) {
    record.traceId = extras.location.traceId;
    record.spanId = extras.location.spanId;
  }
  if (extras.context) {
    const { userId, agentId, sessionId, metadata } = extras.context;
    record.context = { userId, agentId, sessionId, metadata };
  }
  if (event.toolInput !== undefined) record.toolInput = event.toolInput;
  if (typeof event.parentRunId === 'string') record.parentRunId = event.parentRunId;
  if (decision.action === ActionType.BLOCK) record.outcome = preventedOutcome(decision);
  if (decision.reason !== undefined) record.reason = decision.reason;
  const policyName = decision.metadata.policyName;
  if (typeof policyName === 'string') record.policyName = policyName;
  if (event.toolName) record.toolName = event.toolName;
  if (event.toolCallId) record.toolCallId = event.toolCallId;
  if (event.model) record.model = event.model;
  const interventionId = decision.metadata.interventionId;
  if (typeof interventionId === 'string') record.interventionId = interventionId;
  const alerts = alertReasons(decision);
  if (alerts) record.alerts = alerts;
  return record;
}

/** Span attributes (`clearstone.policy.*`) of a decision record. */
export function decisionAttributes(record: PolicyDecisionRecord): Attributes {
  const attributes: Attributes = {
    [ClearstoneAttributes.POLICY_ACTION]: record.action,
    [ClearstoneAttributes.POLICY_EVENT_TYPE]: record.eventType,
  };
  if (record.policyName) attributes[ClearstoneAttributes.POLICY_NAME] = record.policyName;
  if (record.reason) attributes[ClearstoneAttributes.POLICY_REASON] = record.reason;
  if (record.toolName) attributes[ClearstoneAttributes.POLICY_TOOL_NAME] = record.toolName;
  if (record.toolCallId) attributes[ClearstoneAttributes.POLICY_TOOL_CALL_ID] = record.toolCallId;
  if (record.interventionId) attributes[ClearstoneAttributes.POLICY_INTERVENTION_ID] = record.interventionId;
  if (record.alerts) attributes[ClearstoneAttributes.POLICY_ALERTS] = record.alerts.join('\n');
  return attributes;
}
