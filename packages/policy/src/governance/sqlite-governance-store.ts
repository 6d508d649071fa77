import { resolve } from 'node:path';
import { InvalidArgumentError } from '@clearstone/core';
import { utcDay, type SpendEntry, type SpendTotals } from '../builtins/cost/budget-ledger';
import { GovernanceStoreError } from '../errors/governance-store-error';
import type { InterventionRecord } from '../intervention/types';
import { checkInterventionRecord, checkRateSlotRequest, checkSpend, checkWindow, createdMs } from './checks';
import { loadSqlite, type SqliteDatabase, type SqliteStatement } from './load-sqlite';
import type { RateSlot, RateSlotRequest, SyncGovernanceStore } from './types';

/** Options of {@link SqliteGovernanceStore}. */
export interface SqliteGovernanceStoreOptions {
  /** How long an operation waits for another process holding the file's write lock, in ms (default 5000). */
  busyTimeoutMs?: number;
}

// The `spend` table is the one `SpendLedger` files have always had, so existing ledgers open as stores.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS spend (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  day TEXT NOT NULL,
  user_id TEXT NOT NULL,
  session_id TEXT,
  agent_id TEXT,
  model TEXT,
  usd REAL,
  tokens INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS spend_user_day ON spend (user_id, day);
CREATE INDEX IF NOT EXISTS spend_session ON spend (session_id);
CREATE TABLE IF NOT EXISTS rate_hits (
  key TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_hits_key ON rate_hits (key, at_ms);
CREATE INDEX IF NOT EXISTS rate_hits_expiry ON rate_hits (expires_ms);
CREATE TABLE IF NOT EXISTS interventions (
  id TEXT PRIMARY KEY,
  created_ms INTEGER NOT NULL,
  status TEXT NOT NULL,
  consumed_at TEXT,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS interventions_created ON interventions (created_ms, id);
`;

const TOTALS =
  'SELECT COALESCE(SUM(usd), 0) AS usd, COALESCE(SUM(tokens), 0) AS tokens, COUNT(*) AS calls, COALESCE(SUM(usd IS NULL), 0) AS unknown FROM spend';

interface TotalsRow {
  usd: number;
  tokens: number;
  calls: number;
  unknown: number;
}

interface WindowRow {
  count: number;
  oldest: number | null;
}

interface InterventionRow {
  consumed_at: string | null;
  record: string;
}

interface Statements {
  expire: SqliteStatement;
  window: SqliteStatement;
  hit: SqliteStatement;
  sweep: SqliteStatement;
  spend: SqliteStatement;
  byUserDay: SqliteStatement;
  bySession: SqliteStatement;
  getIntervention: SqliteStatement;
  putIntervention: SqliteStatement;
  listInterventions: SqliteStatement;
  consume: SqliteStatement;
}

const SWEEP_EVERY = 1000;

/**
 * Governance state in a SQLite file (WAL mode): rate-limit windows, spend and interventions shared
 * by every process on the machine that opens the same file, and kept across restarts. Taking a
 * rate slot is one `BEGIN IMMEDIATE` transaction (expire, count, insert), so processes counting
 * against one limit at the same time never exceed it; consuming an approval is one conditional
 * `UPDATE`. Every method answers synchronously, so the policies over it stay synchronous. Needs the
 * optional peer dependency `better-sqlite3`. Files on network file systems are not supported
 * (SQLite's locking needs a local disk); use `RedisGovernanceStore` across machines.
 *
 * @example
 * ```ts
 * import { SqliteGovernanceStore } from '@clearstone/policy';
 * import { rateLimitPolicy } from '@clearstone/policy/builtins';
 *
 * const store = new SqliteGovernanceStore('governance.db');
 * const limit = rateLimitPolicy({ limit: 100, windowMs: 60_000, per: 'user', store });
 * ```
 */
export class SqliteGovernanceStore implements SyncGovernanceStore {
  /** Always true: every method answers synchronously. */
  readonly synchronous = true as const;
  /** Absolute path of the file. */
  readonly path: string;
  /** `sqlite:<path>`. */
  readonly description: string;
  private db: SqliteDatabase | undefined;
  private readonly statements: Statements;
  private readonly take: (request: RateSlotRequest) => RateSlot;
  private takes = 0;

  /**
   * Opens (and creates when missing) the store at `path`.
   *
   * @throws GovernanceStoreError `'MISSING_DEPENDENCY'` without `better-sqlite3`, `'STORE_FAILED'` when the file cannot be opened (not a database, missing directory, no permission).
   */
  constructor(path: string, options: SqliteGovernanceStoreOptions = {}) {
    if (typeof path !== 'string' || path === '' || path.includes('\u0000'))
      throw new InvalidArgumentError({ message: 'SqliteGovernanceStore needs a file path.', argument: 'path' });
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    if (typeof busyTimeoutMs !== 'number' || !Number.isFinite(busyTimeoutMs) || busyTimeoutMs < 0)
      throw new InvalidArgumentError({
        message: 'SqliteGovernanceStore: busyTimeoutMs must be a non-negative number.',
        argument: 'busyTimeoutMs',
      });
    this.path = path === ':memory:' ? path : resolve(path);
    this.description = `sqlite:${this.path}`;
    const Database = loadSqlite('SqliteGovernanceStore');
    try {
      const db = new Database(this.path, { timeout: busyTimeoutMs });
      this.db = db;
      db.pragma(`busy_timeout = ${Math.floor(busyTimeoutMs)}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(SCHEMA);
      this.statements = {
        expire: db.prepare('DELETE FROM rate_hits WHERE key = ? AND at_ms <= ?'),
        window: db.prepare('SELECT COUNT(*) AS count, MIN(at_ms) AS oldest FROM rate_hits WHERE key = ? AND at_ms > ?'),
        hit: db.prepare('INSERT INTO rate_hits (key, at_ms, expires_ms) VALUES (?, ?, ?)'),
        sweep: db.prepare('DELETE FROM rate_hits WHERE expires_ms <= ?'),
        spend: db.prepare(
          'INSERT INTO spend (at_ms, day, user_id, session_id, agent_id, model, usd, tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ),
        byUserDay: db.prepare(`${TOTALS} WHERE user_id = ? AND day = ?`),
        bySession: db.prepare(`${TOTALS} WHERE session_id = ?`),
        getIntervention: db.prepare('SELECT consumed_at, record FROM interventions WHERE id = ?'),
        putIntervention: db.prepare(
          'INSERT OR REPLACE INTO interventions (id, created_ms, status, consumed_at, record) VALUES (?, ?, ?, ?, ?)',
        ),
        listInterventions: db.prepare('SELECT consumed_at, record FROM interventions ORDER BY created_ms, id'),
        consume: db.prepare(
          "UPDATE interventions SET consumed_at = ? WHERE id = ? AND status = 'approved' AND consumed_at IS NULL",
        ),
      };
      const statements = this.statements;
      this.take = db.transaction((request: RateSlotRequest): RateSlot => {
        const { key, limit, windowMs, now } = request;
        const cutoff = now - windowMs;
        statements.expire.run(key, cutoff);
        if (++this.takes % SWEEP_EVERY === 0) statements.sweep.run(now);
        const { count, oldest } = statements.window.get(key, cutoff) as WindowRow;
        if (count < limit) {
          statements.hit.run(key, now, now + windowMs);
          return { allowed: true, count: count + 1 };
        }
        return { allowed: false, count, retryAfterMs: Math.max(0, (oldest ?? now) + windowMs - now) };
      }).immediate;
    } catch (error) {
      this.db?.close();
      this.db = undefined;
      throw this.failure(`open ${this.path}`, error);
    }
  }

  /** Counts the call when fewer than `limit` were counted in the window; see {@link GovernanceStore.takeRateSlot}. */
  takeRateSlot(request: RateSlotRequest): RateSlot {
    checkRateSlotRequest('SqliteGovernanceStore', request);
    return this.run('take a rate slot in', () => this.take(request));
  }

  /** Calls counted under `key` in the `windowMs` before `now`. */
  rateCount(key: string, windowMs: number, now: number): number {
    checkWindow('SqliteGovernanceStore', windowMs, now);
    return this.run('count', () => (this.statements.window.get(key, now - windowMs) as WindowRow).count);
  }

  /** Records one model call's spend (one row). */
  recordSpend(entry: SpendEntry): void {
    const spend = checkSpend('SqliteGovernanceStore', entry);
    this.run('record spend in', () =>
      this.statements.spend.run(
        spend.at,
        utcDay(spend.at),
        spend.userId,
        spend.sessionId,
        spend.agentId,
        spend.model,
        spend.usd,
        spend.tokens,
      ),
    );
  }

  /** What `userId` spent on the UTC day `day` (`YYYY-MM-DD`). */
  userDaySpend(userId: string, day: string): SpendTotals {
    return this.totals(this.statements.byUserDay, [userId, day]);
  }

  /** What the session spent over all its runs. */
  sessionSpend(sessionId: string): SpendTotals {
    return this.totals(this.statements.bySession, [sessionId]);
  }

  /** The intervention with this id, or undefined. */
  getIntervention(id: string): InterventionRecord | undefined {
    const row = this.run('read', () => this.statements.getIntervention.get(id)) as InterventionRow | undefined;
    return row === undefined ? undefined : this.decode(row);
  }

  /** Stores an intervention, replacing any with the same id. */
  putIntervention(record: InterventionRecord): void {
    checkInterventionRecord('SqliteGovernanceStore', record);
    const { consumedAt, ...rest } = record;
    this.run('write an intervention to', () =>
      this.statements.putIntervention.run(
        record.id,
        createdMs(record),
        record.status,
        consumedAt ?? null,
        JSON.stringify(rest),
      ),
    );
  }

  /** Every stored intervention, oldest first. */
  listInterventions(): InterventionRecord[] {
    const rows = this.run('list', () => this.statements.listInterventions.all()) as InterventionRow[];
    return rows.map((row) => this.decode(row));
  }

  /** Marks an approved, unused intervention as used; see {@link GovernanceStore.consumeIntervention}. */
  consumeIntervention(id: string, at: string): InterventionRecord | undefined {
    const { changes } = this.run('consume an intervention in', () => this.statements.consume.run(at, id));
    return changes === 1 ? this.getIntervention(id) : undefined;
  }

  /** Closes the file; the store cannot be used afterwards. Closing twice does nothing. */
  close(): void {
    this.db?.close();
    this.db = undefined;
  }

  private decode(row: InterventionRow): InterventionRecord {
    let record: InterventionRecord;
    try {
      record = JSON.parse(row.record) as InterventionRecord;
    } catch (error) {
      throw new GovernanceStoreError({
        code: 'CORRUPT_RECORD',
        message: `SqliteGovernanceStore ${this.path}: an intervention record is not valid JSON (${(error as Error).message}).`,
        cause: error,
      });
    }
    return row.consumed_at === null ? record : { ...record, consumedAt: row.consumed_at };
  }

  private totals(statement: SqliteStatement, parameters: unknown[]): SpendTotals {
    const row = this.run('read', () => statement.get(...parameters)) as TotalsRow;
    return { usd: row.usd, tokens: row.tokens, calls: row.calls, unknownCostCalls: row.unknown };
  }

  private run<T>(what: string, operation: () => T): T {
    if (this.db === undefined)
      throw new GovernanceStoreError({
        code: 'STORE_CLOSED',
        message: `SqliteGovernanceStore ${this.path} is closed.`,
      });
    try {
      return operation();
    } catch (error) {
      throw this.failure(`${what} ${this.path}`, error);
    }
  }

  private failure(what: string, error: unknown): GovernanceStoreError {
    if (GovernanceStoreError.isInstance(error)) return error;
    if (InvalidArgumentError.isInstance(error)) throw error;
    return new GovernanceStoreError({
      code: 'STORE_FAILED',
      message: `SqliteGovernanceStore could not ${what}: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}
