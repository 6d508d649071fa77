import { InvalidArgumentError } from '@clearstone/core';
import type { BudgetLedger, SpendEntry, SpendTotals } from '../builtins/cost/budget-ledger';
import { utcDay } from '../builtins/cost/budget-ledger';
import { GovernanceStoreError } from '../errors/governance-store-error';
import { SpendLedgerError, type SpendLedgerErrorCode } from '../errors/spend-ledger-error';
import { SqliteGovernanceStore } from '../governance/sqlite-governance-store';
import type { GovernanceStore, StoreResult } from '../governance/types';

/** Options of {@link SpendLedger}. */
export interface SpendLedgerOptions {
  /** How long a write or read waits for another process holding the file's lock, in ms (default 5000). */
  busyTimeoutMs?: number;
}

function timeOf(at: Date | number | undefined): number {
  const ms = at === undefined ? Date.now() : typeof at === 'number' ? at : at instanceof Date ? at.getTime() : NaN;
  if (!Number.isFinite(ms))
    throw new InvalidArgumentError({ message: 'SpendLedger: `at` is not a valid time.', argument: 'at' });
  return ms;
}

const CODES: Record<string, SpendLedgerErrorCode> = {
  MISSING_DEPENDENCY: 'MISSING_DEPENDENCY',
  STORE_CLOSED: 'LEDGER_CLOSED',
};

function ledgerError(error: unknown): Error {
  if (!GovernanceStoreError.isInstance(error)) return error instanceof Error ? error : new Error(String(error));
  return new SpendLedgerError({
    code: CODES[error.code] ?? 'LEDGER_FAILED',
    message: error.message.replace(/^SqliteGovernanceStore/, 'SpendLedger'),
    cause: error,
  });
}

/**
 * Spend per user per UTC day and per session, kept in a {@link GovernanceStore} so a daily budget
 * holds across processes and restarts: every process that records into the same store, and every
 * `budgetPolicy` that reads it, sees the same totals. `new SpendLedger(path)` keeps it in a SQLite
 * file (WAL mode, a {@link SqliteGovernanceStore}; needs the optional peer dependency
 * `better-sqlite3`), whose methods answer synchronously; `new SpendLedger({ store })` uses any
 * store — over a `RedisGovernanceStore` (a fleet of machines) the methods answer promises.
 *
 * @example
 * ```ts
 * import { SpendLedger } from '@clearstone/policy/ledger';
 * import { budgetPolicy } from '@clearstone/policy/builtins';
 *
 * const ledger = new SpendLedger('spend.db');
 * const engine = new PolicyEngine({ policies: [budgetPolicy({ usd: 5, per: 'user-day', ledger })] });
 * const agent = createAgent({ model, tools, middleware: [clearstoneMiddleware({ engine, ledger })] });
 * ledger.userDay('alice').usd; // what alice spent today (UTC)
 * ```
 */
export class SpendLedger<S extends GovernanceStore = SqliteGovernanceStore> implements BudgetLedger {
  /** The ledger file (a SQLite store's path), else the store's description. */
  readonly path: string;
  /** Where the spend is kept. */
  readonly store: S;
  private readonly ownsStore: boolean;

  /**
   * Opens (and creates when missing) the ledger in the SQLite file at `path`, or over `{ store }`.
   *
   * @throws SpendLedgerError `'MISSING_DEPENDENCY'` without `better-sqlite3`, `'LEDGER_FAILED'` when the file cannot be opened.
   */
  constructor(path: string, options?: SpendLedgerOptions);
  constructor(options: { store: S });
  constructor(target: string | { store: S }, options: SpendLedgerOptions = {}) {
    if (typeof target === 'object' && target !== null) {
      const store = target.store;
      if (store === null || typeof store !== 'object' || typeof store.recordSpend !== 'function')
        throw new InvalidArgumentError({
          message: 'SpendLedger: store must be a GovernanceStore.',
          argument: 'store',
        });
      this.store = store;
      this.ownsStore = false;
    } else {
      if (typeof target !== 'string' || target === '')
        throw new InvalidArgumentError({ message: 'SpendLedger needs a file path.', argument: 'path' });
      const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
      if (typeof busyTimeoutMs !== 'number' || !Number.isFinite(busyTimeoutMs) || busyTimeoutMs < 0)
        throw new InvalidArgumentError({
          message: 'SpendLedger: busyTimeoutMs must be a non-negative number.',
          argument: 'busyTimeoutMs',
        });
      try {
        this.store = new SqliteGovernanceStore(target, { busyTimeoutMs }) as unknown as S;
      } catch (error) {
        throw ledgerError(error);
      }
      this.ownsStore = true;
    }
    this.path = this.store instanceof SqliteGovernanceStore ? this.store.path : this.store.description;
  }

  /**
   * Records one model call's spend. A call whose cost is unknown (`usd` undefined) counts in
   * tokens and in `unknownCostCalls`, never as $0.
   *
   * @throws InvalidArgumentError for an entry without a user or with negative or non-finite amounts.
   */
  record(entry: SpendEntry): StoreResult<S, void> {
    return this.call(() => this.store.recordSpend(entry));
  }

  /** What `userId` spent on the UTC day of `day` (default: today). */
  userDay(userId: string, day: Date | number = Date.now()): StoreResult<S, SpendTotals> {
    const date = utcDay(timeOf(day));
    return this.call(() => this.store.userDaySpend(userId, date));
  }

  /** What the session spent over all its runs. */
  session(sessionId: string): StoreResult<S, SpendTotals> {
    return this.call(() => this.store.sessionSpend(sessionId));
  }

  /** Closes the ledger's own file (a store passed in is left to its owner). Closing twice does nothing. */
  close(): void {
    if (this.ownsStore) void this.store.close();
  }

  private call<T>(operation: () => T | Promise<T>): StoreResult<S, T> {
    try {
      const result = operation();
      return (
        result instanceof Promise ? result.catch((error: unknown) => Promise.reject(ledgerError(error))) : result
      ) as StoreResult<S, T>;
    } catch (error) {
      throw ledgerError(error);
    }
  }
}
