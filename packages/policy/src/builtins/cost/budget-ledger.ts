// What a budget needs from a spend ledger, as an interface: the built-in policies depend on it, never
// on the SQLite ledger itself (`@clearstone/policy/ledger`), so loading them never loads SQLite.

/** One model call's spend, as recorded by whoever saw the call's usage. */
export interface SpendEntry {
  /** The user the call was made for. */
  userId: string;
  /** The session (conversation, thread) the call belongs to. */
  sessionId?: string;
  /** The agent that made the call. */
  agentId?: string;
  /** The model as the provider reported it. */
  model?: string;
  /** Cost in US dollars; undefined when the model has no known price (counted apart, never as 0). */
  usd?: number;
  /** Tokens used (input + output). */
  tokens: number;
  /** When the call was made (default: now); the UTC day of this time is the day it counts for. */
  at?: Date | number;
}

/** Spend summed over a user's day or a session. */
export interface SpendTotals {
  /** US dollars of the calls whose cost is known. */
  usd: number;
  /** Tokens of all the calls. */
  tokens: number;
  /** Calls recorded. */
  calls: number;
  /** Calls whose cost is unknown (not in `usd`). */
  unknownCostCalls: number;
}

/**
 * A store of spend a budget can read and the LangChain middleware writes to. `SpendLedger` of
 * `@clearstone/policy/ledger` (over a SQLite file shared by processes, or over any
 * `GovernanceStore`) is one; tests may pass an in-memory one. A ledger over a networked store
 * answers promises; its readers await them.
 */
export interface BudgetLedger {
  /** Records one model call's spend; a promise it returns is awaited before the spend counts as recorded. */
  record(entry: SpendEntry): unknown;
  /** What `userId` spent on the UTC day of `day` (default: today). */
  userDay(userId: string, day?: Date | number): SpendTotals | Promise<SpendTotals>;
  /** What the session spent over all its runs. */
  session(sessionId: string): SpendTotals | Promise<SpendTotals>;
}

/**
 * The UTC day of a time, as `YYYY-MM-DD`: the day a daily budget counts spend for.
 *
 * @example
 * ```ts
 * utcDay(Date.UTC(2025, 10, 24, 23, 59)); // '2025-11-24'
 * ```
 */
export function utcDay(at: Date | number = Date.now()): string {
  return new Date(typeof at === 'number' ? at : at.getTime()).toISOString().slice(0, 10);
}
