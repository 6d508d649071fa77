/**
 * One recorded policy decision. Entries are hash-chained: `hash` covers `previousHash` and every
 * field, the trace links (`traceId`, `spanId`, `eventType`, `toolName`, `model`) included.
 */
export interface AuditEntry {
  /** UTC ISO-8601 time of recording. */
  readonly timestamp: string;
  /** The policy that made the decision. */
  readonly policyName: string;
  /** The lowercase action, e.g. `'block'`. */
  readonly decision: string;
  /** The decision's reason, `''` when it has none. */
  readonly reason: string;
  /** `userId` of the evaluated context. */
  readonly userId: string;
  /** `agentId` of the evaluated context. */
  readonly agentId: string;
  /** `sessionId` of the evaluated context. */
  readonly sessionId: string;
  /** `requestId` of the evaluated context. */
  readonly requestId: string;
  /** The error text when the policy failed (the decision is then a fail-closed BLOCK). */
  readonly error: string | null;
  /**
   * Trace of the call the decision was about: the context's `traceId` metadata, else the span
   * active where the decision was made (`tracer.span(...)`); null outside a trace. Entries written
   * before these links existed have none of `traceId`…`model` (they still verify).
   */
  readonly traceId: string | null;
  /** Span of the call the decision was about (the context's `spanId`, else the active span); null outside a trace. */
  readonly spanId: string | null;
  /** The context's `eventType` (e.g. `'tool_call'`, `'model_call'`); null when it has none. */
  readonly eventType: string | null;
  /** The context's `toolName`; null when the decision was not about a tool call. */
  readonly toolName: string | null;
  /** The context's `model`; null when the decision was not about a model call. */
  readonly model: string | null;
  /** `hash` of the entry before this one (64 zeros for the first entry of a chain). */
  readonly previousHash: string;
  /** sha256 (hex) of `previousHash` and the canonical form of this entry. */
  readonly hash: string;
}

/** Totals over every decision recorded by an {@link AuditTrail} (including entries no longer held). */
export interface AuditSummary {
  /** Number of decisions recorded. */
  totalDecisions: number;
  /** Number of BLOCK decisions, fail-closed ones included. */
  blocks: number;
  /** Number of ALERT decisions. */
  alerts: number;
  /** Number of PAUSE decisions. */
  pauses: number;
  /** Number of REDACT decisions. */
  redactions: number;
  /** blocks / totalDecisions, between 0 and 1; 0 when empty. */
  blockRate: number;
}

/** Outcome of checking a hash chain. */
export interface AuditVerification {
  /** True when every checked entry verifies. */
  ok: boolean;
  /** Number of entries checked. */
  checked: number;
  /** Index of the first entry that fails the check. */
  firstInvalidIndex?: number;
  /** Why that entry fails. */
  reason?: string;
  /**
   * True when the only problem is an incomplete last line of a JSONL file (no newline, not JSON:
   * a write cut short by a crash) and every entry before it verifies — not a sign of tampering.
   * `firstInvalidIndex` is that line. Opening the file with `new AuditTrail({ sinkPath })` moves
   * the incomplete bytes to `<sinkPath>.torn` and continues the chain.
   */
  tornTail?: true;
}
