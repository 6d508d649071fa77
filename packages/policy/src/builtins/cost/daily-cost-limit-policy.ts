import { ALLOW, BLOCK } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy, formatMoneyOver } from '../internal/builtin-policy';
import { readNumber } from '../internal/metadata-readers';
import { checkNumber, checkOptionsObject } from '../internal/option-checks';

/** Options of {@link dailyCostLimitPolicy}. */
export interface DailyCostLimitPolicyOptions {
  /** Daily cost limit in dollars; metadata `dailyCostLimit` overrides it. */
  dailyCostLimit?: number;
}

/**
 * `daily_cost_limit` (priority 100): BLOCKs when metadata `dailyCost` is greater than the daily
 * limit: `Daily cost limit exceeded: $101.00 > $100.00`.
 *
 * @example
 * ```ts
 * const policy = dailyCostLimitPolicy({ dailyCostLimit: 100 });
 * ```
 */
export function dailyCostLimitPolicy(options?: DailyCostLimitPolicyOptions): RegisteredPolicy {
  const name = 'daily_cost_limit';
  const checked = checkOptionsObject(name, options);
  const dailyCostLimit = checkNumber(name, 'dailyCostLimit', checked.dailyCostLimit, { min: 0 });
  return defineBuiltinPolicy(
    { name, priority: 100, description: 'Blocks once the daily cost exceeds its limit.' },
    (ctx) => {
      const limit = readNumber(ctx, 'dailyCostLimit') ?? dailyCostLimit;
      const cost = readNumber(ctx, 'dailyCost') ?? 0;
      if (limit !== undefined && cost > limit) {
        return BLOCK(`Daily cost limit exceeded: ${formatMoneyOver(cost, limit).join(' > ')}`, {
          dailyCost: cost,
          dailyCostLimit: limit,
        });
      }
      return ALLOW;
    },
  );
}
