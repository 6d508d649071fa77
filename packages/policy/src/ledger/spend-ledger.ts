import { InvalidArgumentError } from '@clearstone/core';
import type { BudgetLedger, SpendEntry, SpendTotals } from '../builtins/cost/budget-ledger';
import { utcDay } from '../builtins/cost/budget-ledger';
import { SpendLedgerError } from '../errors/spend-ledger-error';
import { loadSqlite, type SqliteDatabase, type SqliteStatement } from './load-sqlite';

/** Options of {@link SpendLedger}. */
export interface SpendLedgerOptions {
  /** How long a write or read waits for another process holding the file's lock, in ms (default 5000). */
  busyTimeoutMs?: number;
}

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
`;

const TOTALS =
  'SELECT COALESCE(SUM(usd), 0) AS usd, COALESCE(SUM(tokens), 0) AS tokens, COUNT(*) AS calls, COALESCE(SUM(usd IS NULL), 0) AS unknown FROM spend';

interface TotalsRow {
  usd: number;
  tokens: number;
  calls: number;
  unknown: number;
}

function timeOf(at: Date | number | undefined): number {
  const ms = at === undefined ? Date.now() : typeof at === 'number' ? at : at.getTime();
  if (!Number.isFinite(ms))
    throw new InvalidArgumentError({ message: 'SpendLedger: `at` is not a valid time.', argument: 'at' });
  return ms;
}

function optionalText(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string')
    throw new InvalidArgumentError({ message: `SpendLedger: ${name} must be a string.`, argument: name });
  return value;
}

/**
 * Spend per user per UTC day and per session, kept in a SQLite file (WAL mode) so a daily budget
 * holds across processes and restarts: every process that records into the same file, and every
 * `budgetPolicy` that reads it, sees the same totals. Each model call is one row written in one
 * statement; several processes may write and read at once (SQLite's locking, a busy timeout).
 * Needs the optional peer dependency `better-sqlite3`, loaded when a ledger is made.
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
export class SpendLedger implements BudgetLedger {
  /** The ledger file. */
  readonly path: string;
  private db: SqliteDatabase | undefined;
  private readonly insert: SqliteStatement;
  private readonly byUserDay: SqliteStatement;
  private readonly bySession: SqliteStatement;

  /**
   * Opens (and creates when missing) the ledger at `path`.
   *
   * @throws SpendLedgerError `'MISSING_DEPENDENCY'` without `better-sqlite3`, `'LEDGER_FAILED'` when the file cannot be opened.
   */
  constructor(path: string, options: SpendLedgerOptions = {}) {
    if (typeof path !== 'string' || path === '')
      throw new InvalidArgumentError({ message: 'SpendLedger needs a file path.', argument: 'path' });
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    if (!Number.isFinite(busyTimeoutMs) || busyTimeoutMs < 0)
      throw new InvalidArgumentError({
        message: 'SpendLedger: busyTimeoutMs must be a non-negative number.',
        argument: 'busyTimeoutMs',
      });
    const Database = loadSqlite();
    this.path = path;
    try {
      const db = new Database(path, { timeout: busyTimeoutMs });
      this.db = db;
      db.pragma(`busy_timeout = ${Math.floor(busyTimeoutMs)}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(SCHEMA);
      this.insert = db.prepare(
        'INSERT INTO spend (at_ms, day, user_id, session_id, agent_id, model, usd, tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      this.byUserDay = db.prepare(`${TOTALS} WHERE user_id = ? AND day = ?`);
      this.bySession = db.prepare(`${TOTALS} WHERE session_id = ?`);
    } catch (error) {
      this.db?.close();
      this.db = undefined;
      throw this.failure(`open ${path}`, error);
    }
  }

  /**
   * Records one model call's spend. A call whose cost is unknown (`usd` undefined) counts in
   * tokens and in `unknownCostCalls`, never as $0.
   *
   * @throws InvalidArgumentError for an entry without a user or with negative or non-finite amounts.
   */
  record(entry: SpendEntry): void {
    if (entry === null || typeof entry !== 'object' || typeof entry.userId !== 'string' || entry.userId === '')
      throw new InvalidArgumentError({ message: 'SpendLedger.record: the entry needs a userId.', argument: 'entry' });
    const { usd, tokens } = entry;
    if (usd !== undefined && (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0))
      throw new InvalidArgumentError({
        message: 'SpendLedger.record: usd must be a non-negative number.',
        argument: 'usd',
      });
    if (typeof tokens !== 'number' || !Number.isFinite(tokens) || tokens < 0)
      throw new InvalidArgumentError({
        message: 'SpendLedger.record: tokens must be a non-negative number.',
        argument: 'tokens',
      });
    const at = timeOf(entry.at);
    const row = [
      at,
      utcDay(at),
      entry.userId,
      optionalText(entry.sessionId, 'sessionId'),
      optionalText(entry.agentId, 'agentId'),
      optionalText(entry.model, 'model'),
      usd ?? null,
      Math.round(tokens),
    ];
    this.run('record spend in', () => this.insert.run(...row));
  }

  /** What `userId` spent on the UTC day of `day` (default: today). */
  userDay(userId: string, day: Date | number = Date.now()): SpendTotals {
    return this.totals(this.byUserDay, [userId, utcDay(timeOf(day))]);
  }

  /** What the session spent over all its runs. */
  session(sessionId: string): SpendTotals {
    return this.totals(this.bySession, [sessionId]);
  }

  /** Closes the file; the ledger cannot be used afterwards. Closing twice does nothing. */
  close(): void {
    this.db?.close();
    this.db = undefined;
  }

  private totals(statement: SqliteStatement, parameters: unknown[]): SpendTotals {
    const row = this.run('read', () => statement.get(...parameters)) as TotalsRow;
    return { usd: row.usd, tokens: row.tokens, calls: row.calls, unknownCostCalls: row.unknown };
  }

  private run<T>(what: string, operation: () => T): T {
    if (this.db === undefined)
      throw new SpendLedgerError({ code: 'LEDGER_CLOSED', message: `SpendLedger ${this.path} is closed.` });
    try {
      return operation();
    } catch (error) {
      throw this.failure(`${what} ${this.path}`, error);
    }
  }

  private failure(what: string, error: unknown): SpendLedgerError {
    if (SpendLedgerError.isInstance(error)) return error;
    return new SpendLedgerError({
      code: 'LEDGER_FAILED',
      message: `SpendLedger could not ${what}: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}
