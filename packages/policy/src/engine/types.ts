import type { Decision, PolicyContext } from '@clearstone/core';
import type { AuditTrail } from '../audit/audit-trail';
import type { PolicyMetrics } from '../metrics/policy-metrics';
import type { PolicyFn } from '../policy/types';

/** One policy's part in an evaluation. */
export interface PolicyEvaluation {
  /** Name of the policy. */
  readonly policyName: string;
  /** What the policy decided (a fail-closed BLOCK when it failed). */
  readonly decision: Decision;
  /** How long the policy took, in milliseconds. */
  readonly latencyMs: number;
  /** Set when the policy threw, rejected, timed out or returned something that is not a Decision. */
  readonly error?: string;
}

/** What `onDecision` receives after every evaluation. */
export interface EvaluationResult {
  /** The engine's final decision. */
  readonly decision: Decision;
  /** The context that was evaluated. */
  readonly context: PolicyContext;
  /** Every policy that ran, in the order it ran (stops at a BLOCK). */
  readonly policyDecisions: readonly PolicyEvaluation[];
  /** How long the whole evaluation took, in milliseconds. */
  readonly totalLatencyMs: number;
}

/** Options of `new PolicyEngine(options)`. */
export interface PolicyEngineOptions {
  /** The policies to evaluate; defaults to a snapshot of `defaultRegistry`. */
  policies?: PolicyFn[];
  /** Where decisions are recorded; defaults to a new in-memory `AuditTrail`. */
  auditTrail?: AuditTrail;
  /** Where counts and latencies are recorded; defaults to a new `PolicyMetrics`. */
  metrics?: PolicyMetrics;
  /** How long `evaluate()` waits for one async policy before a fail-closed BLOCK (default 1000). */
  policyTimeoutMs?: number;
  /** Called after every evaluation. Errors it throws are reported as process warnings. */
  onDecision?: (result: EvaluationResult) => void;
}
