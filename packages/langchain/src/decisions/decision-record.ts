import type { Attributes, Decision } from '@clearstone/core';
import { ClearstoneAttributes } from '../conventions';
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
}

function alertReasons(decision: Decision): string[] | undefined {
  const alerts = decision.metadata.alerts;
  if (!Array.isArray(alerts) || alerts.length === 0) return undefined;
  return alerts.map((alert) =>
    typeof alert === 'string' ? alert : `${alert?.policy ?? 'policy'}: ${alert?.reason ?? ''}`,
  );
}

/** The record of `decision` taken on `event`. */
export function toDecisionRecord(decision: Decision, event: GovernedEvent): PolicyDecisionRecord {
  const record: PolicyDecisionRecord = { action: decision.action, eventType: event.eventType };
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
