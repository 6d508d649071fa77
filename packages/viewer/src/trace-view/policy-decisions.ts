import { ClearstoneEvents, policyDecisionsOf } from '@clearstone/core';
import type { RecordedDecision, SpanRecord } from '@clearstone/core';

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

function decisionView(decision: RecordedDecision, timeNs?: bigint): PolicyDecisionView {
  const { alerts, ...fields } = decision;
  const view: PolicyDecisionView = { ...fields, action: decision.action.toLowerCase() };
  if (alerts !== undefined) view.alerts = alerts.join('\n');
  if (timeNs !== undefined) view.timeNs = timeNs;
  return view;
}

/**
 * The decisions taken on a span, as `policyDecisionsOf` of `@clearstone/core` reads them: one per
 * policy decision event (with the event's time), or — for spans that carry only the decision
 * attributes — the one those attributes describe.
 */
export function spanDecisions(span: SpanRecord): PolicyDecisionView[] {
  const fromEvents = span.events
    .filter((event) => event.name === ClearstoneEvents.POLICY_DECISION)
    .flatMap((event) =>
      policyDecisionsOf({ ...span, attributes: {}, events: [event] }).map((decision) =>
        decisionView(decision, event.timeNs),
      ),
    );
  if (fromEvents.length > 0) return fromEvents;
  return policyDecisionsOf({ ...span, events: [] }).map((decision) => decisionView(decision));
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
