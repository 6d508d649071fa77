import { utcDay, type SpendEntry, type SpendTotals } from '../builtins/cost/budget-ledger';
import { GovernanceStoreError } from '../errors/governance-store-error';
import type { InterventionRecord } from '../intervention/types';
import { checkInterventionRecord, checkRateSlotRequest, checkSpend, checkWindow, createdMs } from './checks';
import type { RateSlot, RateSlotRequest, SyncGovernanceStore } from './types';

interface Totals {
  usd: number;
  tokens: number;
  calls: number;
  unknownCostCalls: number;
}

const EMPTY: SpendTotals = Object.freeze({ usd: 0, tokens: 0, calls: 0, unknownCostCalls: 0 });

function add(map: Map<string, Totals>, key: string, usd: number | null, tokens: number): void {
  const totals = map.get(key) ?? { usd: 0, tokens: 0, calls: 0, unknownCostCalls: 0 };
  if (usd === null) totals.unknownCostCalls += 1;
  else totals.usd += usd;
  totals.tokens += tokens;
  totals.calls += 1;
  map.set(key, totals);
}

/**
 * Governance state held in this process only: exact, fast, and lost when the process ends. The
 * default store of `rateLimitPolicy`; use {@link SqliteGovernanceStore} to share state between the
 * processes of a machine, or `RedisGovernanceStore` between machines.
 *
 * @example
 * ```ts
 * const store = new MemoryGovernanceStore();
 * store.takeRateSlot({ key: 'alice', limit: 1, windowMs: 1000, now: Date.now() }).allowed; // true
 * store.takeRateSlot({ key: 'alice', limit: 1, windowMs: 1000, now: Date.now() }).allowed; // false
 * ```
 */
export class MemoryGovernanceStore implements SyncGovernanceStore {
  /** Always true: every method answers synchronously. */
  readonly synchronous = true as const;
  /** `'memory'`. */
  readonly description = 'memory';
  private readonly windows = new Map<string, { windowMs: number; hits: number[] }>();
  private readonly days = new Map<string, Totals>();
  private readonly sessions = new Map<string, Totals>();
  private readonly interventions = new Map<string, InterventionRecord>();
  private closed = false;
  private takes = 0;

  /** Counts the call when fewer than `limit` were counted in the window; see {@link GovernanceStore.takeRateSlot}. */
  takeRateSlot(request: RateSlotRequest): RateSlot {
    this.open();
    checkRateSlotRequest('MemoryGovernanceStore', request);
    const { key, limit, windowMs, now } = request;
    const hits = this.live(key, windowMs, now);
    if (++this.takes % 4096 === 0) this.sweep(now);
    if (hits.length < limit) {
      let index = hits.length;
      while (index > 0 && hits[index - 1] > now) index--;
      hits.splice(index, 0, now);
      this.windows.set(key, { windowMs, hits });
      return { allowed: true, count: hits.length };
    }
    return { allowed: false, count: hits.length, retryAfterMs: Math.max(0, hits[0] + windowMs - now) };
  }

  /** Calls counted under `key` in the `windowMs` before `now`. */
  rateCount(key: string, windowMs: number, now: number): number {
    this.open();
    checkWindow('MemoryGovernanceStore', windowMs, now);
    return this.live(key, windowMs, now).length;
  }

  /** Records one model call's spend. */
  recordSpend(entry: SpendEntry): void {
    this.open();
    const spend = checkSpend('MemoryGovernanceStore', entry);
    add(this.days, `${spend.userId}\u0000${utcDay(spend.at)}`, spend.usd, spend.tokens);
    if (spend.sessionId !== null) add(this.sessions, spend.sessionId, spend.usd, spend.tokens);
  }

  /** What `userId` spent on the UTC day `day` (`YYYY-MM-DD`). */
  userDaySpend(userId: string, day: string): SpendTotals {
    this.open();
    return { ...(this.days.get(`${userId}\u0000${day}`) ?? EMPTY) };
  }

  /** What the session spent over all its runs. */
  sessionSpend(sessionId: string): SpendTotals {
    this.open();
    return { ...(this.sessions.get(sessionId) ?? EMPTY) };
  }

  /** The intervention with this id, or undefined. */
  getIntervention(id: string): InterventionRecord | undefined {
    this.open();
    return this.interventions.get(id);
  }

  /** Stores a frozen copy of the record, replacing any with the same id. */
  putIntervention(record: InterventionRecord): void {
    this.open();
    checkInterventionRecord('MemoryGovernanceStore', record);
    this.interventions.set(record.id, Object.freeze({ ...record }));
  }

  /** Every stored intervention, oldest first. */
  listInterventions(): InterventionRecord[] {
    this.open();
    return [...this.interventions.values()].sort((a, b) => createdMs(a) - createdMs(b) || a.id.localeCompare(b.id));
  }

  /** Marks an approved, unused intervention as used; see {@link GovernanceStore.consumeIntervention}. */
  consumeIntervention(id: string, at: string): InterventionRecord | undefined {
    this.open();
    const record = this.interventions.get(id);
    if (record === undefined || record.status !== 'approved' || record.consumedAt !== undefined) return undefined;
    const consumed = Object.freeze({ ...record, consumedAt: at });
    this.interventions.set(id, consumed);
    return consumed;
  }

  /** Drops the state; the store cannot be used afterwards. */
  close(): void {
    this.closed = true;
    this.windows.clear();
  }

  private live(key: string, windowMs: number, now: number): number[] {
    const hits = this.windows.get(key)?.hits;
    if (hits === undefined) return [];
    let expired = 0;
    while (expired < hits.length && hits[expired] <= now - windowMs) expired++;
    if (expired > 0) hits.splice(0, expired);
    return hits;
  }

  private sweep(now: number): void {
    // Keys no call has used since their window passed would otherwise stay in memory.
    for (const [key, { windowMs, hits }] of this.windows) {
      if (hits.length === 0 || hits[hits.length - 1] <= now - windowMs) this.windows.delete(key);
    }
  }

  private open(): void {
    if (this.closed)
      throw new GovernanceStoreError({ code: 'STORE_CLOSED', message: 'MemoryGovernanceStore is closed.' });
  }
}
