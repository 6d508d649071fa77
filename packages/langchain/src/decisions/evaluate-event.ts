import { BLOCK, ContextKeys, contextScope, isDecision, type Decision, type PolicyContext } from '@clearstone/core';
import { PolicyEngineError } from '@clearstone/policy';
import { enrichContext, type ContextSource } from '../context/resolve-context';
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

/**
 * Evaluates `engine` on the base context enriched with the event, inside `contextScope` so
 * policies that read the ambient context see the same one. A failing engine, or a result that is
 * not a Decision, gives a fail-closed BLOCK.
 *
 * @throws PolicyEngineError `'NO_CONTEXT'` when no context is available.
 */
export async function evaluateEvent(
  engine: PolicyEvaluator,
  source: ContextSource | undefined,
  event: GovernedEvent,
  location?: SpanLocation,
): Promise<EventEvaluation> {
  const metadata = withoutUndefined(event);
  if (location) {
    metadata[ContextKeys.TRACE_ID] = location.traceId;
    metadata[ContextKeys.SPAN_ID] = location.spanId;
  }
  const context = enrichContext(source, metadata);
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
