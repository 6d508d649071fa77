import type { Decision, PolicyContext } from '@clearstone/core';
import type { SpanLocation } from '../decisions/decision-channel';
import { ClearstoneEvents } from '../conventions';
import { toDecisionRecord, type PolicyDecisionRecord } from '../decisions/decision-record';
import { notifyAlert } from '../decisions/notify-alert';
import type { GovernedEvent } from '../decisions/types';
import { recordDecisionSpan } from '../tracing/decision-tracer';
import type { NodeCallbacks } from './node-callbacks';
import type { ResolvedMiddlewareOptions } from './options';

/** Sends the decision to the node's callback handlers as a custom event on the node's run. */
async function sendDecisionEvent(callbacks: NodeCallbacks | undefined, record: PolicyDecisionRecord): Promise<void> {
  // Outside a LangChain run, or with no handler, there is nobody to tell.
  if (callbacks === undefined || callbacks.handlers.length === 0) return;
  const runId = callbacks.getParentRunId();
  if (runId === undefined) return;
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
