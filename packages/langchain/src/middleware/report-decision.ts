import type { Decision, PolicyContext } from '@clearstone/core';
import { DECISION_RECEIVER, type DecisionReceiver, type SpanLocation } from '../decisions/decision-channel';
import { ClearstoneEvents } from '../conventions';
import { toDecisionRecord, type PolicyDecisionRecord } from '../decisions/decision-record';
import { notifyAlert } from '../decisions/notify-alert';
import type { GovernedEvent } from '../decisions/types';
import { recordDecisionSpan } from '../tracing/decision-tracer';
import type { NodeCallbacks } from './node-callbacks';
import type { ResolvedMiddlewareOptions } from './options';

/** A handler as the middleware sees it when sending a decision. */
interface DecisionListener {
  awaitHandlers?: boolean;
  ignoreCustomEvent?: boolean;
  handleCustomEvent?: unknown;
  [DECISION_RECEIVER]?: DecisionReceiver[typeof DECISION_RECEIVER];
}

/**
 * Sends the decision to the node's callback handlers as a custom event on the node's run. A
 * handler that takes decisions directly and runs on the run's path gets it by a plain call; the
 * LangChain event goes out only when another handler may listen to it.
 */
async function sendDecisionEvent(callbacks: NodeCallbacks | undefined, record: PolicyDecisionRecord): Promise<void> {
  // Outside a LangChain run, or with no handler, there is nobody to tell.
  if (callbacks === undefined || callbacks.handlers.length === 0) return;
  const runId = callbacks.getParentRunId();
  if (runId === undefined) return;
  let othersListen = false;
  for (const handler of callbacks.handlers as readonly DecisionListener[]) {
    const receive = handler?.[DECISION_RECEIVER];
    if (typeof receive === 'function' && handler.awaitHandlers === true) {
      try {
        receive.call(handler, runId, record);
      } catch {
        // A handler that fails on the decision does not change it.
      }
    } else if (typeof handler?.handleCustomEvent === 'function' && handler.ignoreCustomEvent !== true) {
      othersListen = true;
    }
  }
  if (!othersListen) return;
  try {
    await callbacks.handleCustomEvent?.(ClearstoneEvents.POLICY_DECISION, record, runId);
  } catch {
    // A handler that fails on the event does not change the decision.
  }
}

/**
 * Makes a decision visible: a LangChain custom event `clearstone.policy.decision` on the node's
 * run, sent to the node's handlers (`extras.callbacks`; the TracingCallbackHandler records it on
 * that run's span), a decision span when a tracer
 * is configured, and `onAlert` for alerts.
 */
export async function reportDecision(
  options: ResolvedMiddlewareOptions,
  decision: Decision,
  event: GovernedEvent,
  extras: {
    location?: SpanLocation | undefined;
    context?: PolicyContext | undefined;
    callbacks?: NodeCallbacks | undefined;
  } = {},
): Promise<void> {
  const { callbacks, ...recordExtras } = extras;
  const record = toDecisionRecord(decision, event, { ...recordExtras, governedCall: true });
  await sendDecisionEvent(callbacks, record);
  if (options.tracer) {
    try {
      recordDecisionSpan(options.tracer, record);
    } catch (error) {
      process.emitWarning(
        `Clearstone could not record a decision span: ${error instanceof Error ? error.message : String(error)}`,
        'ClearstoneWarning',
      );
    }
  }
  await notifyAlert(options.onAlert, decision, event);
}
