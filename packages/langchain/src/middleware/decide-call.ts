import type { Decision, PolicyContext } from '@clearstone/core';
import type { SpanLocation } from '../decisions/decision-channel';
import { evaluateEvent } from '../decisions/evaluate-event';
import type { GovernedEvent } from '../decisions/types';
import { governedCallLocation } from './governed-location';
import { nodeCallbacks, type NodeCallbacks } from './node-callbacks';
import type { ResolvedMiddlewareOptions } from './options';
import { reportDecision } from './report-decision';
import { resolvePause, type PauseRuntime } from './resolve-pause';
import { spendFacts } from './spend';

/** The decision on a governed call, the context it was taken in and where the call's span will be. */
export interface CallDecision {
  decision: Decision;
  context: PolicyContext;
  /** Set when the engine itself failed and the decision is a fail-closed BLOCK. */
  error?: unknown;
  location: SpanLocation | undefined;
  /** The callback manager of the agent node the call is made from. */
  callbacks: NodeCallbacks | undefined;
}

/**
 * Decides on a model or tool call before it runs: reserves the call's span (when a tracing handler
 * records the run), evaluates the engine with the event and the spend facts in the context, and
 * reports the decision.
 */
export async function decideCall(options: ResolvedMiddlewareOptions, event: GovernedEvent): Promise<CallDecision> {
  const callbacks = await nodeCallbacks();
  const location = governedCallLocation(callbacks);
  const { decision, error, context } = await evaluateEvent(
    options.engine,
    options.context,
    event,
    location,
    spendFacts(options.ledger),
  );
  await reportDecision(options, decision, event, { location, context, callbacks });
  return error === undefined
    ? { decision, context, location, callbacks }
    : { decision, context, error, location, callbacks };
}

/**
 * Resolves a PAUSE on a call: undefined when a person approved it, else the BLOCK that replaces
 * it, reported on the same call.
 */
export async function pauseOutcome(
  options: ResolvedMiddlewareOptions,
  decided: CallDecision,
  event: GovernedEvent,
  runtime: PauseRuntime,
): Promise<Decision | undefined> {
  const rejection = await resolvePause(options, decided.decision, event, runtime, decided.context);
  if (rejection)
    await reportDecision(options, rejection, event, { location: decided.location, callbacks: decided.callbacks });
  return rejection;
}
