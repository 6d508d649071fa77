import { ALLOW, PAUSE } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy, formatMoneyOver } from '../internal/builtin-policy';
import { asNumber } from '../internal/metadata-readers';
import { checkNumber, checkOptionsObject } from '../internal/option-checks';

/** Options of {@link requireApprovalForHighCostPolicy}. */
export interface RequireApprovalForHighCostPolicyOptions {
  /** Cost in dollars above which an operation needs approval (default 10); metadata `highCostThreshold` overrides it. */
  highCostThreshold?: number;
}

/**
 * `require_approval_for_high_cost` (priority 90): PAUSEs for human approval when metadata
 * `operationCost` is greater than the threshold:
 * `High cost operation requires approval: $25.00 > $10.00`.
 *
 * @example
 * ```ts
 * const policy = requireApprovalForHighCostPolicy({ highCostThreshold: 5 });
 * ```
 */
export function requireApprovalForHighCostPolicy(options?: RequireApprovalForHighCostPolicyOptions): RegisteredPolicy {
  const name = 'require_approval_for_high_cost';
  const checked = checkOptionsObject(name, options);
  const highCostThreshold = checkNumber(name, 'highCostThreshold', checked.highCostThreshold, { min: 0 }) ?? 10;
  return defineBuiltinPolicy(
    { name, priority: 90, description: 'Pauses operations that cost more than a threshold.' },
    (ctx) => {
      const threshold = asNumber(ctx.metadata.highCostThreshold, 'highCostThreshold') ?? highCostThreshold;
      const cost = asNumber(ctx.metadata.operationCost, 'operationCost') ?? 0;
      if (cost > threshold) {
        return PAUSE(`High cost operation requires approval: ${formatMoneyOver(cost, threshold).join(' > ')}`, {
          metadata: { operationCost: cost, highCostThreshold: threshold },
        });
      }
      return ALLOW;
    },
  );
}
