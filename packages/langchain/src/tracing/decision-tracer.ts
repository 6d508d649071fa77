import { SpanKind, type Attributes } from '@clearstone/core';
import { ClearstoneEvents } from '../conventions';
import { decisionAttributes, type PolicyDecisionRecord } from '../decisions/decision-record';

/** The part of a Clearstone `Tracer` used to record decisions. */
export interface DecisionTracer {
  /** Starts a span, a child of the active span. */
  startSpan(
    name: string,
    options?: { kind?: SpanKind; attributes?: Attributes },
  ): {
    addEvent(name: string, attributes?: Attributes): unknown;
    end(): void;
  };
}

/**
 * Records one decision as a short `clearstone.policy <event type>` span (a child of the active
 * span, if any) carrying the `clearstone.policy.*` attributes and a decision event.
 */
export function recordDecisionSpan(tracer: DecisionTracer, record: PolicyDecisionRecord): void {
  const attributes = decisionAttributes(record);
  const subject = record.toolName ?? record.model;
  const span = tracer.startSpan(
    `${ClearstoneEvents.POLICY_SPAN_PREFIX} ${record.eventType}${subject ? ` ${subject}` : ''}`,
    {
      kind: SpanKind.INTERNAL,
      attributes,
    },
  );
  span.addEvent(ClearstoneEvents.POLICY_DECISION, attributes);
  span.end();
}
