import type { AttributeValue, Attributes, SpanRecord } from '@clearstone/core';

/** Name of the span event that records one policy decision. */
export const POLICY_DECISION_EVENT = 'clearstone.policy.decision';

/** A policy decision taken on a span. */
export interface PolicyDecisionView {
  /** `allow`, `block`, `pause`, `alert`, `redact` or `skip`. */
  action: string;
  /** The policy that decided. */
  policyName?: string;
  /** The decision's reason. */
  reason?: string;
  /** What was decided on: `tool_call`, `model_call`, … */
  eventType?: string;
  /** Name of the tool, for tool calls. */
  toolName?: string;
  /** Id of the model's tool call, for tool calls. */
  toolCallId?: string;
  /** Id of the intervention, for PAUSE decisions. */
  interventionId?: string;
  /** ALERT reasons, one per line. */
  alerts?: string;
  /** When the decision event was recorded (epoch ns), absent for decisions known from attributes only. */
  timeNs?: bigint;
}

const FIELDS: ReadonlyArray<[Exclude<keyof PolicyDecisionView, 'action' | 'timeNs'>, string]> = [
  ['policyName', 'clearstone.policy.name'],
  ['reason', 'clearstone.policy.reason'],
  ['eventType', 'clearstone.policy.event_type'],
  ['toolName', 'clearstone.policy.tool_name'],
  ['toolCallId', 'clearstone.policy.tool_call_id'],
  ['interventionId', 'clearstone.policy.intervention_id'],
  ['alerts', 'clearstone.policy.alerts'],
];

function text(value: AttributeValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function fromAttributes(attributes: Attributes, timeNs?: bigint): PolicyDecisionView | undefined {
  const action = text(attributes['clearstone.policy.action']);
  if (action === undefined) return undefined;
  const decision: PolicyDecisionView = { action: action.toLowerCase() };
  for (const [field, key] of FIELDS) {
    const value = text(attributes[key]);
    if (value !== undefined) decision[field] = value;
  }
  if (timeNs !== undefined) decision.timeNs = timeNs;
  return decision;
}

/**
 * The decisions taken on a span: one per `clearstone.policy.decision` event, or — for spans that
 * carry only the `clearstone.policy.*` attributes — the one those attributes describe.
 */
export function spanDecisions(span: SpanRecord): PolicyDecisionView[] {
  const decisions = span.events
    .filter((event) => event.name === POLICY_DECISION_EVENT)
    .map((event) => fromAttributes(event.attributes, event.timeNs))
    .filter((decision): decision is PolicyDecisionView => decision !== undefined);
  if (decisions.length > 0) return decisions;
  const fromSpan = fromAttributes(span.attributes);
  return fromSpan === undefined ? [] : [fromSpan];
}

/** Identity of a decision across spans (the same decision is copied onto the tool span it governs). */
export function decisionKey(decision: PolicyDecisionView): string {
  return JSON.stringify([
    decision.action,
    decision.policyName,
    decision.reason,
    decision.eventType,
    decision.toolCallId,
    decision.interventionId,
  ]);
}
