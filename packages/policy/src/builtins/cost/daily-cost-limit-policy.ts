import { ALLOW, BLOCK, ContextKeys, InvalidArgumentError, type Decision } from '@clearstone/core';
import { then } from '../../governance/awaitable';
import type { Awaitable, GovernanceStore } from '../../governance/types';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy, formatMoneyOver } from '../internal/builtin-policy';
import { readNumber } from '../internal/metadata-readers';
import { checkNumber, checkOptionsObject } from '../internal/option-checks';
import { utcDay } from './budget-ledger';

/** Options of {@link dailyCostLimitPolicy}. */
export interface DailyCostLimitPolicyOptions {
  /** Daily cost limit in dollars; metadata `dailyCostLimit` overrides it. */
  dailyCostLimit?: number;
  /**
   * Where the user's spend today (UTC) is read when the context carries no `dailyCost`: the spend
   * recorded by every process sharing the store (`clearstoneMiddleware({ ledger })` with a
   * `SpendLedger` over the same store records it). Over a networked store the policy is async.
   */
  store?: GovernanceStore;
}

/**
 * `daily_cost_limit` (priority 100): BLOCKs when what the user spent today is greater than the
 * daily limit: `Daily cost limit exceeded: $101.00 > $100.00`. Today's spend is metadata
 * `dailyCost` when the context carries it, else — with a `store` — what the store recorded for the
 * context's user on the UTC day of the context's timestamp, else $0.
 *
 * @example
 * ```ts
 * const policy = dailyCostLimitPolicy({ dailyCostLimit: 100, store: new SqliteGovernanceStore('governance.db') });
 * ```
 */
export function dailyCostLimitPolicy(options?: DailyCostLimitPolicyOptions): RegisteredPolicy {
  const name = 'daily_cost_limit';
  const checked = checkOptionsObject(name, options);
  const dailyCostLimit = checkNumber(name, 'dailyCostLimit', checked.dailyCostLimit, { min: 0 });
  const store = checked.store as GovernanceStore | undefined;
  if (store !== undefined && typeof store?.userDaySpend !== 'function')
    throw new InvalidArgumentError({
      message: `Policy '${name}': option 'store' must be a GovernanceStore.`,
      argument: 'store',
    });
  return defineBuiltinPolicy(
    {
      name,
      priority: 100,
      description: 'Blocks once the daily cost exceeds its limit.',
      ...(store?.synchronous === false ? { async: true } : {}),
    },
    (ctx): Awaitable<Decision> => {
      const limit = readNumber(ctx, ContextKeys.DAILY_COST_LIMIT) ?? dailyCostLimit;
      if (limit === undefined) return ALLOW;
      const known = readNumber(ctx, ContextKeys.DAILY_COST);
      const cost: Awaitable<number> =
        known !== undefined || store === undefined
          ? (known ?? 0)
          : then(store.userDaySpend(ctx.userId, utcDay(ctx.timestamp)), (spent) => spent.usd);
      return then(cost, (spent) =>
        spent > limit
          ? BLOCK(`Daily cost limit exceeded: ${formatMoneyOver(spent, limit).join(' > ')}`, {
              dailyCost: spent,
              dailyCostLimit: limit,
            })
          : ALLOW,
      );
    },
  );
}
