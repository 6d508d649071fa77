import type { AttributeValue, SpanRecord } from '@clearstone/core';
import { truncate } from '../cli/format';

/** A policy decision recorded on a span. */
export interface SpanDecision {
  action: string;
  policyName?: string;
  reason?: string;
}

const DECISION_EVENT = 'clearstone.policy.decision';
const POLICY_PREFIX = 'clearstone.policy.';

// Shown first, in this order, when present.
const KEY_ATTRIBUTES = [
  'gen_ai.operation.name',
  'gen_ai.agent.name',
  'gen_ai.request.model',
  'gen_ai.tool.name',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'clearstone.cost.usd',
  'clearstone.user.id',
  'clearstone.agent.id',
];

function text(value: AttributeValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function decisionFrom(attributes: Record<string, AttributeValue>): SpanDecision | undefined {
  const action = text(attributes[`${POLICY_PREFIX}action`]);
  if (action === undefined) return undefined;
  const decision: SpanDecision = { action: action.toLowerCase() };
  const policyName = text(attributes[`${POLICY_PREFIX}name`]);
  const reason = text(attributes[`${POLICY_PREFIX}reason`]);
  if (policyName !== undefined) decision.policyName = policyName;
  if (reason !== undefined) decision.reason = reason;
  return decision;
}

/** The policy decisions on a span: one per `clearstone.policy.decision` event, else the one its `clearstone.policy.*` attributes describe. */
export function spanDecisions(span: SpanRecord): SpanDecision[] {
  const fromEvents = span.events
    .filter((event) => event.name === DECISION_EVENT)
    .map((event) => decisionFrom(event.attributes))
    .filter((decision): decision is SpanDecision => decision !== undefined);
  if (fromEvents.length > 0) return fromEvents;
  const fromSpan = decisionFrom(span.attributes);
  return fromSpan === undefined ? [] : [fromSpan];
}

/** The span's most telling attributes as `key=value` pairs (GenAI and Clearstone keys first), at most `max`. */
export function keyAttributes(span: SpanRecord, max = 6): string[] {
  const keys = Object.keys(span.attributes).filter((key) => !key.startsWith(POLICY_PREFIX));
  const ordered = [
    ...KEY_ATTRIBUTES.filter((key) => keys.includes(key)),
    ...keys.filter((key) => !KEY_ATTRIBUTES.includes(key)).sort(),
  ];
  const shown = ordered.slice(0, max).map((key) => `${key}=${truncate(text(span.attributes[key]) ?? '', 60)}`);
  if (ordered.length > max) shown.push(`+${ordered.length - max} more`);
  return shown;
}
