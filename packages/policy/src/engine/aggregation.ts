import { ActionType, type Decision } from '@clearstone/core';
import { SEVERITY, withDecisionMetadata } from './decisions';

/** One ALERT kept in the final decision's `metadata.alerts`. */
export interface AlertRecord {
  /** Name of the policy that alerted. */
  readonly policy: string;
  /** The ALERT's reason, `''` when it has none. */
  readonly reason: string;
}

/**
 * Combines the non-ALLOW decisions of one evaluation: the most severe wins (the
 * highest-priority one among equals), every ALERT is kept, REDACT specs are merged.
 */
export class Aggregation {
  private decisive: Decision | undefined;
  private decisiveName = '';
  private severity = 0;
  private alerts: AlertRecord[] | undefined;
  private redactions: Decision[] | undefined;

  /** Adds one policy's decision (ALLOW and SKIP need not be added). */
  add(policyName: string, decision: Decision): void {
    const action = decision.action;
    if (action === ActionType.ALERT) {
      (this.alerts ??= []).push(Object.freeze({ policy: policyName, reason: decision.reason ?? '' }));
    } else if (action === ActionType.REDACT) {
      (this.redactions ??= []).push(decision);
    }
    const severity = SEVERITY[action];
    if (severity > this.severity) {
      this.decisive = decision;
      this.decisiveName = policyName;
      this.severity = severity;
    }
  }

  /** The final decision: a new frozen Decision naming the deciding policy, or undefined when all allowed. */
  final(): Decision | undefined {
    const decisive = this.decisive;
    if (decisive === undefined) return undefined;
    const extra: Record<string, unknown> = { policyName: this.decisiveName };
    if (this.alerts !== undefined) extra.alerts = Object.freeze(this.alerts.slice());
    if (decisive.action === ActionType.REDACT && this.redactions !== undefined && this.redactions.length > 1) {
      Object.assign(extra, mergeRedactions(this.redactions));
    }
    return withDecisionMetadata(decisive, extra);
  }
}

function mergeRedactions(decisions: readonly Decision[]): Record<string, unknown> {
  const fields = new Set<string>();
  const entities = new Set<string>();
  const patterns = new Map<string, RegExp>();
  for (const decision of decisions) {
    const metadata = decision.metadata as { fields?: string[]; entities?: string[]; patterns?: RegExp[] };
    metadata.fields?.forEach((field) => fields.add(field));
    metadata.entities?.forEach((entity) => entities.add(entity));
    metadata.patterns?.forEach((pattern) => patterns.set(String(pattern), pattern));
  }
  const merged: Record<string, unknown> = {};
  if (fields.size > 0) merged.fields = Object.freeze([...fields]);
  if (patterns.size > 0) merged.patterns = Object.freeze([...patterns.values()]);
  if (entities.size > 0) merged.entities = Object.freeze([...entities]);
  return merged;
}
