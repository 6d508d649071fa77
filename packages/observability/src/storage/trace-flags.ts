import { ActionType, ClearstoneAttributes, ClearstoneEvents, GovernedOutcomes } from '@clearstone/core';
import type { Attributes, SpanEvent } from '@clearstone/core';

// Whether a trace holds a block or a pause is kept per trace (columns `blocked` and `paused` of
// `traces`), set when a span that shows one is written. These are the rules, for every writer and
// for the backfill of databases written before the flags existed.

/** Flag bit: a governed call of the trace was blocked, rejected or timed out. */
export const BLOCKED_FLAG = 1;
/** Flag bit: a governed call of the trace was paused for a human's approval. */
export const PAUSED_FLAG = 2;

const BLOCKING_OUTCOMES: ReadonlySet<unknown> = new Set<string>([
  GovernedOutcomes.BLOCKED,
  GovernedOutcomes.REJECTED,
  GovernedOutcomes.TIMED_OUT,
]);

/** Substrings of the stored attribute or event JSON of every span that can carry a flag. */
export const FLAG_MARKERS = Object.freeze({
  attributes: [ClearstoneAttributes.GOVERNED_OUTCOME, ClearstoneAttributes.POLICY_ACTION],
  events: [ClearstoneEvents.POLICY_DECISION],
});

function actionFlags(action: unknown): number {
  if (action === ActionType.BLOCK) return BLOCKED_FLAG;
  if (action === ActionType.PAUSE) return PAUSED_FLAG;
  return 0;
}

/**
 * The flags a span gives its trace: BLOCKED when its `clearstone.governed.outcome` is blocked,
 * rejected or timed out, or a policy decision on it (the `clearstone.policy.action` attribute or a
 * `clearstone.policy.decision` event) is BLOCK; PAUSED when the outcome is paused or a decision is
 * PAUSE. 0 for every other span.
 */
export function governanceFlags(attributes: Attributes, events: readonly SpanEvent[]): number {
  const outcome = attributes[ClearstoneAttributes.GOVERNED_OUTCOME];
  let flags = actionFlags(attributes[ClearstoneAttributes.POLICY_ACTION]);
  if (BLOCKING_OUTCOMES.has(outcome)) flags |= BLOCKED_FLAG;
  else if (outcome === GovernedOutcomes.PAUSED) flags |= PAUSED_FLAG;
  for (const event of events) {
    if (event.name === ClearstoneEvents.POLICY_DECISION)
      flags |= actionFlags(event.attributes?.[ClearstoneAttributes.POLICY_ACTION]);
  }
  return flags;
}
