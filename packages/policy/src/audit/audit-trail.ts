import { writeFileSync } from 'node:fs';
import {
  ActionType,
  InvalidArgumentError,
  type Decision,
  type PolicyContext,
  type SpanLocation,
} from '@clearstone/core';
import { AuditTrailError } from '../errors/audit-trail-error';
import { entriesToCsv } from './csv';
import { ambientSpanFor, linksOf } from './entry-links';
import { GENESIS_HASH, chainHash, verifyAuditEntries } from './hash-chain';
import { JsonlSink } from './jsonl-sink';
import type { AuditEntry, AuditSummary, AuditVerification } from './types';

/** Options of {@link AuditTrail}. */
export interface AuditTrailOptions {
  /** How many recent entries to keep in memory (default 10 000; 0 keeps none). */
  maxEntries?: number;
  /** Append every entry to this JSONL file (created if missing; an existing chain is continued). */
  sinkPath?: string;
}

interface PendingRecord {
  timeMs: number;
  policyName: string;
  action: string;
  reason: string;
  context: PolicyContext;
  error: string | null;
  span: SpanLocation | null;
  sealed: AuditEntry | undefined;
}

/**
 * A record of every policy decision: bounded in memory, optionally appended to a JSONL file,
 * hash-chained so that altering, removing or reordering entries is detectable with `verify()`
 * or {@link verifyAuditFile}.
 *
 * Without a sink, hashes are computed when entries are first read, so recording stays cheap.
 *
 * @example
 * ```ts
 * const auditTrail = new AuditTrail({ sinkPath: 'audit/decisions.jsonl' });
 * const engine = new PolicyEngine({ policies, auditTrail });
 * engine.evaluateSync(ctx);
 * console.log(auditTrail.summary(), auditTrail.verify().ok);
 * auditTrail.toCSV('decisions.csv');
 * ```
 */
export class AuditTrail {
  private readonly capacity: number;
  private readonly ring: Array<PendingRecord | undefined>;
  private head = 0;
  private count = 0;
  private sealedCount = 0;
  private dropped = 0;
  private lastHash: string;
  private readonly firstPreviousHash: string;
  private readonly sink: JsonlSink | undefined;
  private readonly totals: AuditSummary = {
    totalDecisions: 0,
    blocks: 0,
    alerts: 0,
    pauses: 0,
    redactions: 0,
    blockRate: 0,
  };

  constructor(options: AuditTrailOptions = {}) {
    const maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isInteger(maxEntries) || maxEntries < 0) {
      throw new InvalidArgumentError({
        message: 'AuditTrail maxEntries must be a non-negative integer.',
        argument: 'maxEntries',
      });
    }
    this.capacity = maxEntries;
    this.ring = new Array<PendingRecord | undefined>(maxEntries);
    this.sink = options.sinkPath === undefined ? undefined : new JsonlSink(options.sinkPath);
    this.lastHash = this.sink?.lastHash ?? GENESIS_HASH;
    this.firstPreviousHash = this.lastHash;
  }

  /** True when recorded decisions are kept (in memory or in a sink), not only counted. */
  get keepsEntries(): boolean {
    return this.capacity > 0 || this.sink !== undefined;
  }

  /**
   * Records one policy decision (`error` when the policy failed and the decision is a
   * fail-closed BLOCK). `timestampMs` defaults to now. The entry links to the call the context
   * describes (`traceId`, `spanId`, `eventType`, `toolName`, `model` metadata); when the context
   * names no trace, to `span`, which defaults to the span active now (`tracer.span(...)` of
   * `@clearstone/observability`); `null` for none.
   */
  recordDecision(
    policyName: string,
    ctx: PolicyContext,
    decision: Decision,
    error?: string,
    timestampMs?: number,
    span?: SpanLocation | null,
  ): void {
    const action = decision.action;
    const totals = this.totals;
    totals.totalDecisions += 1;
    if (action !== ActionType.ALLOW) this.countAction(action);
    // Counting is all a trail that keeps nothing does: small enough for the engine's loop to inline.
    if (this.keepsEntries) this.keep(policyName, ctx, decision, error, timestampMs, span);
  }

  private countAction(action: string): void {
    const totals = this.totals;
    if (action === ActionType.BLOCK) totals.blocks += 1;
    else if (action === ActionType.ALERT) totals.alerts += 1;
    else if (action === ActionType.PAUSE) totals.pauses += 1;
    else if (action === ActionType.REDACT) totals.redactions += 1;
  }

  private keep(
    policyName: string,
    ctx: PolicyContext,
    decision: Decision,
    error: string | undefined,
    timestampMs: number | undefined,
    span: SpanLocation | null | undefined,
  ): void {
    const record: PendingRecord = {
      timeMs: timestampMs ?? Date.now(),
      policyName,
      action: decision.action,
      reason: decision.reason ?? '',
      context: ctx,
      error: error ?? null,
      span: span === undefined ? ambientSpanFor(ctx) : span,
      sealed: undefined,
    };
    if (this.sink !== undefined) this.sink.append(this.seal(record));
    if (this.capacity === 0) return;
    if (this.count === this.capacity) this.evictOldest();
    this.ring[(this.head + this.count) % this.capacity] = record;
    this.count += 1;
    if (record.sealed !== undefined) this.sealedCount += 1;
  }

  /** The most recent `limit` entries (all held entries when `limit` is omitted or ≤ 0), oldest first. */
  entries(limit = 0): AuditEntry[] {
    this.sealAll();
    const start = limit > 0 ? Math.max(0, this.count - limit) : 0;
    const result: AuditEntry[] = [];
    for (let offset = start; offset < this.count; offset++) result.push(this.at(offset).sealed as AuditEntry);
    return result;
  }

  /** Number of entries held in memory. */
  get size(): number {
    return this.count;
  }

  /** Totals over every decision recorded, including entries no longer held in memory. */
  summary(): AuditSummary {
    const totals = this.totals;
    return { ...totals, blockRate: totals.totalDecisions === 0 ? 0 : totals.blocks / totals.totalDecisions };
  }

  /** Checks the hash chain of the entries held in memory. */
  verify(): AuditVerification {
    const requireGenesis = this.dropped === 0 && this.firstPreviousHash === GENESIS_HASH;
    return verifyAuditEntries(this.entries(), { requireGenesis });
  }

  /** Writes the held entries to `path` as a JSON array (2-space indent). */
  toJSON(path: string): void {
    this.writeExport(path, `${JSON.stringify(this.entries(), null, 2)}\n`);
  }

  /** Writes the held entries to `path` as RFC 4180 CSV, formula-like cells neutralised. */
  toCSV(path: string): void {
    this.writeExport(path, entriesToCsv(this.entries()));
  }

  /** Writes pending sink lines now. */
  flush(): void {
    this.sink?.flush();
  }

  /** Flushes and releases the sink. */
  close(): void {
    this.sink?.close();
  }

  private writeExport(path: string, text: string): void {
    if (typeof path !== 'string' || path === '') {
      throw new InvalidArgumentError({ message: 'AuditTrail export needs a file path.', argument: 'path' });
    }
    try {
      writeFileSync(path, text, 'utf8');
    } catch (error) {
      throw new AuditTrailError({
        code: 'AUDIT_WRITE_FAILED',
        path,
        message: `Could not write audit export ${path}: ${String(error)}`,
        cause: error,
      });
    }
  }

  private at(offset: number): PendingRecord {
    return this.ring[(this.head + offset) % this.capacity] as PendingRecord;
  }

  private evictOldest(): void {
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count -= 1;
    this.dropped += 1;
    if (this.sealedCount > 0) this.sealedCount -= 1;
  }

  private sealAll(): void {
    for (; this.sealedCount < this.count; this.sealedCount++) this.seal(this.at(this.sealedCount));
  }

  private seal(record: PendingRecord): AuditEntry {
    const fields = {
      timestamp: new Date(record.timeMs).toISOString(),
      policyName: record.policyName,
      decision: record.action,
      reason: record.reason,
      userId: record.context.userId,
      agentId: record.context.agentId,
      sessionId: record.context.sessionId,
      requestId: record.context.requestId,
      error: record.error,
      ...linksOf(record.context, record.span),
    };
    const hash = chainHash(this.lastHash, fields);
    const entry: AuditEntry = Object.freeze({ ...fields, previousHash: this.lastHash, hash });
    this.lastHash = hash;
    record.sealed = entry;
    return entry;
  }
}
