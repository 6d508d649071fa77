import type { SpendEntry, SpendTotals } from '../builtins/cost/budget-ledger';
import type { InterventionRecord } from '../intervention/types';

/** A value, or a promise of it: what a {@link GovernanceStore} answers (synchronous stores answer values). */
export type Awaitable<T> = T | Promise<T>;

/** One call asking for a slot in a rate-limit window; see {@link GovernanceStore.takeRateSlot}. */
export interface RateSlotRequest {
  /** What is counted, e.g. `rate_limit:tool_call:user:alice`. */
  key: string;
  /** Calls allowed in any window of `windowMs`. */
  limit: number;
  /** Length of the sliding window in milliseconds. */
  windowMs: number;
  /** The call's time in epoch milliseconds (the policy context's timestamp). */
  now: number;
}

/** The answer to a {@link RateSlotRequest}. */
export interface RateSlot {
  /** True when the call was under the limit, and was counted. */
  allowed: boolean;
  /** Calls counted in the window, this one included when allowed. */
  count: number;
  /** When refused: milliseconds until the oldest counted call leaves the window. */
  retryAfterMs?: number;
}

/**
 * Governance state that must be shared by every process and machine running an agent: rate-limit
 * windows, spend, and human-approval (intervention) records. The built-in stores are
 * {@link MemoryGovernanceStore} (this process only), {@link SqliteGovernanceStore} (a file shared
 * by the processes of one machine; the embedded default) and `RedisGovernanceStore` of
 * `@clearstone/policy-redis` (a fleet of machines).
 *
 * Every operation that changes state is atomic in the store: two processes taking the last slot
 * of a window cannot both get it, and an approval is consumed once. A store that answers
 * synchronously (`synchronous: true`) keeps the policies that use it synchronous, so they work
 * with `PolicyEngine.evaluateSync`; a networked store answers promises, and those policies are
 * async. Failures are `GovernanceStoreError`s with a code.
 */
export interface GovernanceStore {
  /** True when every method answers a value rather than a promise. */
  readonly synchronous: boolean;
  /** Where the state lives, for messages: `memory`, `sqlite:/path/to/file.db`, `redis://host:6379 (prefix clearstone:)`. */
  readonly description: string;
  /**
   * Sliding-window log: atomically counts the call and answers `allowed: true` when fewer than
   * `limit` calls were counted under `key` in the `windowMs` before `now`; otherwise counts
   * nothing and answers `allowed: false`.
   */
  takeRateSlot(request: RateSlotRequest): Awaitable<RateSlot>;
  /** Calls counted under `key` in the `windowMs` before `now`. */
  rateCount(key: string, windowMs: number, now: number): Awaitable<number>;
  /** Records one model call's spend for its user's UTC day and its session. */
  recordSpend(entry: SpendEntry): Awaitable<void>;
  /** What `userId` spent on the UTC day `day` (`YYYY-MM-DD`). */
  userDaySpend(userId: string, day: string): Awaitable<SpendTotals>;
  /** What the session spent over all its runs. */
  sessionSpend(sessionId: string): Awaitable<SpendTotals>;
  /** The intervention with this id, or undefined. */
  getIntervention(id: string): Awaitable<InterventionRecord | undefined>;
  /** Stores an intervention, replacing any with the same id (its `consumedAt` included). */
  putIntervention(record: InterventionRecord): Awaitable<void>;
  /** Every stored intervention, oldest first. */
  listInterventions(): Awaitable<InterventionRecord[]>;
  /**
   * Atomically marks an approved, unused intervention as used at `at` (ISO-8601) and answers it;
   * answers undefined when it is unknown, not approved or already used — so, of several
   * processes waiting on one approval, exactly one proceeds.
   */
  consumeIntervention(id: string, at: string): Awaitable<InterventionRecord | undefined>;
  /** Releases the store's connections or file handles. Closing twice does nothing. */
  close(): Awaitable<void>;
}

/** A {@link GovernanceStore} whose every method answers synchronously (memory, SQLite). */
export interface SyncGovernanceStore extends GovernanceStore {
  readonly synchronous: true;
  takeRateSlot(request: RateSlotRequest): RateSlot;
  rateCount(key: string, windowMs: number, now: number): number;
  recordSpend(entry: SpendEntry): void;
  userDaySpend(userId: string, day: string): SpendTotals;
  sessionSpend(sessionId: string): SpendTotals;
  getIntervention(id: string): InterventionRecord | undefined;
  putIntervention(record: InterventionRecord): void;
  listInterventions(): InterventionRecord[];
  consumeIntervention(id: string, at: string): InterventionRecord | undefined;
  close(): void;
}

/** `T` for a synchronous store, `Promise<T>` otherwise: what a wrapper over store `S` answers. */
export type StoreResult<S, T> = S extends { readonly synchronous: true } ? T : Promise<T>;

/** What a governed operation does when its store fails: `'block'` fails closed, `'allow'` lets the call through with an ALERT. */
export type OnStoreError = 'block' | 'allow';
