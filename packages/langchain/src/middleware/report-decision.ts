import type { Decision, PolicyContext } from '@clearstone/core';
import type { SpanLocation } from '../decisions/decision-channel';
import { dispatchCustomEvent } from '@langchain/core/callbacks/dispatch';
import { ClearstoneEvents } from '../conventions';
import { toDecisionRecord } from '../decisions/decision-record';
import { notifyAlert } from '../decisions/notify-alert';
import type { GovernedEvent } from '../decisions/types';
import { recordDecisionSpan } from '../tracing/decision-tracer';
import type { ResolvedMiddlewareOptions } from './options';

/**
 * Makes a decision visible: a LangChain custom event `clearstone.policy.decision` on the current
 * run (the TracingCallbackHandler records it on that run's span), a decision span when a tracer
 * is configured, and `onAlert` for alerts.
 */
export async function reportDecision(
  options: ResolvedMiddlewareOptions,
  decision: Decision,
  event: GovernedEvent,
  extras: { location?: SpanLocation | undefined; context?: PolicyContext | undefined } = {},
): Promise<void> {
  const record = toDecisionRecord(decision, event, { ...extras, governedCall: true });
  try {
    await dispatchCustomEvent(ClearstoneEvents.POLICY_DECISION, record);
  } catch {
    // Outside a LangChain run there is no run to attach the event to.
  }
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
