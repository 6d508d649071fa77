import {
  BLOCK,
  ContextKeys,
  contextScope,
  isDecision,
  withMetadata,
  type Decision,
  type PolicyContext,
} from '@clearstone/core';
import { PolicyEngineError } from '@clearstone/policy';
import { resolveBaseContext, type ContextSource } from '../context/resolve-context';
import type { SpanLocation } from './decision-channel';
import type { GovernedEvent, PolicyEvaluator } from './types';

/** The decision on an event and the context it was made in. */
export interface EventEvaluation {
  decision: Decision;
  context: PolicyContext;
  /** Set when the engine itself failed and the decision is a fail-closed BLOCK. */
  error?: unknown;
}

function withoutUndefined(event: GovernedEvent): Record<string, unknown> {
  return Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined));
}

/** Facts merged into the context that depend on who it is for (e.g. spend read from a ledger). */
export type ContextFacts = (base: PolicyContext) => Record<string, unknown> | Promise<Record<string, unknown>>;

/**
 * Evaluates `engine` on the base context enriched with the event (and with `facts` of the base
 * context, which the event's own keys override), inside `contextScope` so policies that read the
 * ambient context see the same one. A failing engine, or a result that is not a Decision, gives a
 * fail-closed BLOCK.
 *
 * @throws PolicyEngineError `'NO_CONTEXT'` when no context is available.
 */
export async function evaluateEvent(
  engine: PolicyEvaluator,
  source: ContextSource | undefined,
  event: GovernedEvent,
  location?: SpanLocation,
  facts?: ContextFacts,
): Promise<EventEvaluation> {
  const metadata = withoutUndefined(event);
  if (location) {
    metadata[ContextKeys.TRACE_ID] = location.traceId;
    metadata[ContextKeys.SPAN_ID] = location.spanId;
  }
  const base = resolveBaseContext(source);
  const context = withMetadata(base, facts === undefined ? metadata : { ...(await facts(base)), ...metadata });
  try {
    const decision = await contextScope(context, () => engine.evaluate(context));
    if (isDecision(decision)) return { decision, context };
    return { decision: BLOCK('Policy engine returned something that is not a Decision; blocking.'), context };
  } catch (error) {
    if (PolicyEngineError.isInstance(error) && error.code === 'NO_CONTEXT') throw error;
    const message = error instanceof Error ? error.message : String(error);
    return { decision: BLOCK(`Policy engine failed, blocking: ${message}`, { error: message }), context, error };
  }
}
