import { ALLOW, ActionType, BLOCK, type Decision, type PolicyContext, type SpanLocation } from '@clearstone/core';
import type { AuditTrail } from '../audit/audit-trail';
import { ambientSpanFor } from '../audit/entry-links';
import { addLatency, countInto } from '../metrics/policy-metrics';
import { ALLOWED } from './policy-step';
import { Aggregation } from './aggregation';
import { errorMessage } from './decisions';
import type { EngineEntry, Outcome } from './policy-step';
import type { EvaluationResult, PolicyEvaluation } from './types';

/** The clock of policy latencies (read once: `globalThis.performance` is a lazy getter). */
const clock = performance;

/**
 * The state of one evaluation. Every evaluation path (`evaluateSync`, `evaluate`,
 * `evaluateMaybeSync`) hands each policy's outcome to {@link conclude}, so all of them record and
 * combine decisions the same way.
 */
export class EvaluationRun {
  private aggregation: Aggregation | undefined;
  private readonly evaluations: PolicyEvaluation[] | undefined;
  private readonly startedAt: number;
  private last: number;
  /** Whether this evaluation measures policy latencies (always when `onDecision` is set). */
  private readonly timed: boolean;
  private stampMs: number;
  /** The span active where the evaluation started, read once for all its audit entries. */
  private readonly span: SpanLocation | null;

  constructor(
    /** The context being evaluated. */
    readonly context: PolicyContext,
    private readonly auditTrail: AuditTrail,
    private readonly onDecision: ((result: EvaluationResult) => void) | undefined,
    timed: boolean,
  ) {
    this.evaluations = onDecision === undefined ? undefined : [];
    this.timed = timed || onDecision !== undefined;
    const keepsEntries = auditTrail.keepsEntries;
    this.stampMs = keepsEntries ? Date.now() : 0;
    this.span = keepsEntries ? ambientSpanFor(context) : null;
    this.startedAt = this.timed ? clock.now() : 0;
    this.last = this.startedAt;
  }

  /** Call after waiting for an async policy: later audit entries get the time evaluation resumed. */
  resumed(): void {
    if (this.stampMs !== 0) this.stampMs = Date.now();
  }

  /**
   * Records one policy's outcome (metrics, audit trail, `onDecision` list) — once — and folds its
   * decision into the aggregation. True when the evaluation stops here (a BLOCK).
   */
  conclude(entry: EngineEntry, outcome: Outcome): boolean {
    if (outcome === ALLOWED && !this.timed) {
      entry.counters.evalCount += 1;
      this.auditTrail.recordDecision(entry.name, this.context, ALLOW, undefined, this.stampMs, this.span);
      return false;
    }
    const decision = outcome.decision;
    const error = outcome.error;
    const action = decision.action;
    countInto(entry.counters, action);
    if (this.timed) {
      const now = clock.now();
      const latencyMs = now - this.last;
      this.last = now;
      addLatency(entry.counters, latencyMs);
      if (this.evaluations !== undefined) {
        this.evaluations.push(
          error === undefined
            ? { policyName: entry.name, decision, latencyMs }
            : { policyName: entry.name, decision, latencyMs, error },
        );
      }
    }
    this.auditTrail.recordDecision(entry.name, this.context, decision, error, this.stampMs, this.span);
    if (action === ActionType.ALLOW || action === ActionType.SKIP) return false;
    (this.aggregation ??= new Aggregation()).add(entry.name, decision);
    return action === ActionType.BLOCK;
  }

  /** The final decision, reported to `onDecision`. */
  finish(): Decision {
    const final = finalDecision(this.aggregation);
    if (this.evaluations !== undefined) this.notify(final, this.evaluations);
    return final;
  }

  private notify(decision: Decision, policyDecisions: PolicyEvaluation[]): void {
    try {
      this.onDecision?.({
        decision,
        context: this.context,
        policyDecisions,
        totalLatencyMs: this.last - this.startedAt,
      });
    } catch (error) {
      process.emitWarning(`PolicyEngine onDecision callback threw: ${errorMessage(error)}`);
    }
  }
}

/** The combined decision; if the policies' decisions cannot even be combined, a BLOCK. */
function finalDecision(aggregation: Aggregation | undefined): Decision {
  try {
    return aggregation?.final() ?? ALLOW;
  } catch (thrown) {
    return BLOCK(`The policy decisions could not be combined: ${errorMessage(thrown)}`, {
      error: errorMessage(thrown),
    });
  }
}
