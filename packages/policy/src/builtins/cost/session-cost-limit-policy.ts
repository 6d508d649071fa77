import { ALERT, ALLOW } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy, formatMoneyOver } from '../internal/builtin-policy';
import { asNumber } from '../internal/metadata-readers';
import { checkNumber, checkOptionsObject } from '../internal/option-checks';

/** Options of {@link sessionCostLimitPolicy}. */
export interface SessionCostLimitPolicyOptions {
  /** Session cost limit in dollars; metadata `sessionCostLimit` overrides it. */
  sessionCostLimit?: number;
}

/**
 * `session_cost_limit` (priority 100): ALERTs (the action proceeds) when metadata `sessionCost` is
 * greater than the session cost limit: `Session cost limit exceeded: $12.50 > $10.00`.
 *
 * @example
 * ```ts
 * const policy = sessionCostLimitPolicy({ sessionCostLimit: 10 });
 * ```
 */
export function sessionCostLimitPolicy(options?: SessionCostLimitPolicyOptions): RegisteredPolicy {
  const name = 'session_cost_limit';
  const checked = checkOptionsObject(name, options);
  const sessionCostLimit = checkNumber(name, 'sessionCostLimit', checked.sessionCostLimit, { min: 0 });
  return defineBuiltinPolicy(
    { name, priority: 100, description: 'Alerts once the session cost exceeds its limit.' },
    (ctx) => {
      const limit = asNumber(ctx.metadata.sessionCostLimit, 'sessionCostLimit') ?? sessionCostLimit;
      const cost = asNumber(ctx.metadata.sessionCost, 'sessionCost') ?? 0;
      if (limit !== undefined && cost > limit) {
        return ALERT(`Session cost limit exceeded: ${formatMoneyOver(cost, limit).join(' > ')}`, {
          sessionCost: cost,
          sessionCostLimit: limit,
        });
      }
      return ALLOW;
    },
  );
}
