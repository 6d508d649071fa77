import {
  ClearstoneAttributes,
  GenAiAttributes,
  GovernedOutcomes,
  costBreakdownOf,
  costOf,
  governedOutcomeOf,
  isCostUnknown,
  modelOf,
  policyDecisionsOf,
  wasPrevented,
} from '@clearstone/core';
import type { AttributeValue, GovernedOutcome, SpanRecord } from '@clearstone/core';
import { truncate } from '../cli/format';
import { formatCostParts, formatCostUsd, unknownCostText } from './trace-figures';

/** A policy decision recorded on a span. */
export interface SpanDecision {
  action: string;
  policyName?: string;
  reason?: string;
}

// Shown first, in this order, when present.
const KEY_ATTRIBUTES: readonly string[] = [
  GenAiAttributes.OPERATION_NAME,
  GenAiAttributes.AGENT_NAME,
  GenAiAttributes.REQUEST_MODEL,
  GenAiAttributes.TOOL_NAME,
  GenAiAttributes.USAGE_INPUT_TOKENS,
  GenAiAttributes.USAGE_OUTPUT_TOKENS,
  ClearstoneAttributes.COST_USD,
  ClearstoneAttributes.USER_ID,
  ClearstoneAttributes.AGENT_ID,
];

// Shown as decision, outcome and cost lines rather than as attributes: every
// `ClearstoneAttributes.POLICY_*` key (the decision, the policy context), the governed outcome and
// the parts of a cost (the total stays a key attribute).
const SHOWN_ELSEWHERE: ReadonlySet<string> = new Set([
  ...Object.entries(ClearstoneAttributes)
    .filter(([name]) => name.startsWith('POLICY_') || (name.startsWith('COST_') && name !== 'COST_USD'))
    .map(([, key]) => key),
  ClearstoneAttributes.GOVERNED_OUTCOME,
]);

const NOT_RUN_LABELS: Partial<Record<GovernedOutcome, string>> = {
  [GovernedOutcomes.BLOCKED]: 'NOT RUN: BLOCKED',
  [GovernedOutcomes.REJECTED]: 'NOT RUN: REJECTED',
  [GovernedOutcomes.TIMED_OUT]: 'NOT RUN: TIMED OUT',
  [GovernedOutcomes.PAUSED]: 'NOT RUN: PAUSED',
};

function text(value: AttributeValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** The policy decisions on a span, as `policyDecisionsOf` reads them (actions in lower case). */
export function spanDecisions(span: SpanRecord): SpanDecision[] {
  return policyDecisionsOf(span).map(({ action, policyName, reason }) => {
    const decision: SpanDecision = { action: action.toLowerCase() };
    if (policyName !== undefined) decision.policyName = policyName;
    if (reason !== undefined) decision.reason = reason;
    return decision;
  });
}

/**
 * `NOT RUN: BLOCKED` (`REJECTED`, `TIMED OUT`, `PAUSED`) for a span recording a governed call that
 * did not run, the same label the viewer shows; undefined for every other span.
 */
export function notRunLabel(span: SpanRecord): string | undefined {
  if (!wasPrevented(span)) return undefined;
  const outcome = governedOutcomeOf(span);
  return outcome === undefined ? undefined : NOT_RUN_LABELS[outcome];
}

/**
 * A model call's cost line: `cost $0.0306: input $0.0036 · cached input $0.0060 · cache write
 * $0.0135 · output $0.0075`, or `cost unknown: no price for 'model'`; undefined for a span that
 * records neither a cost breakdown nor an unknown cost.
 */
export function costLine(span: SpanRecord): string | undefined {
  if (isCostUnknown(span)) return `cost unknown: ${unknownCostText([modelOf(span) ?? '(unnamed model)'])}`;
  const cost = costBreakdownOf(span);
  if (cost === undefined) return undefined;
  return `cost ${formatCostUsd(costOf(span) ?? cost.totalUsd)}: ${formatCostParts(cost)}`;
}

/** The span's most telling attributes as `key=value` pairs (GenAI and Clearstone keys first), at most `max`. */
export function keyAttributes(span: SpanRecord, max = 6): string[] {
  const keys = Object.keys(span.attributes).filter((key) => !SHOWN_ELSEWHERE.has(key));
  const ordered = [
    ...KEY_ATTRIBUTES.filter((key) => keys.includes(key)),
    ...keys.filter((key) => !KEY_ATTRIBUTES.includes(key)).sort(),
  ];
  const shown = ordered.slice(0, max).map((key) => `${key}=${truncate(text(span.attributes[key]) ?? '', 60)}`);
  if (ordered.length > max) shown.push(`+${ordered.length - max} more`);
  return shown;
}
