/**
 * `@clearstone/policy/ledger` — `SpendLedger`: spend per user per UTC day and per session in a
 * SQLite file shared by processes, for `budgetPolicy` and `clearstoneMiddleware({ ledger })`.
 * Needs the optional peer dependency `better-sqlite3`; nothing else in `@clearstone/policy` loads it.
 *
 * @example
 * ```ts
 * import { SpendLedger } from '@clearstone/policy/ledger';
 * const ledger = new SpendLedger('spend.db');
 * ledger.record({ userId: 'alice', sessionId: 's1', usd: 0.0042, tokens: 1800 });
 * ledger.userDay('alice'); // { usd: 0.0042, tokens: 1800, calls: 1, unknownCostCalls: 0 }
 * ```
 * @packageDocumentation
 */

export { SpendLedger } from './spend-ledger';
export type { SpendLedgerOptions } from './spend-ledger';
export { SpendLedgerError } from '../errors/spend-ledger-error';
export type { SpendLedgerErrorCode } from '../errors/spend-ledger-error';
export { utcDay } from '../builtins/cost/budget-ledger';
export type { BudgetLedger, SpendEntry, SpendTotals } from '../builtins/cost/budget-ledger';
