import { ALLOW, BLOCK } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy } from '../internal/builtin-policy';
import { readNumber } from '../internal/metadata-readers';
import { checkNumber, checkOptionsObject } from '../internal/option-checks';

/** Options of {@link rateLimitPolicy}. */
export interface RateLimitPolicyOptions {
  /** Maximum calls in the current window; metadata `rateLimit` overrides it. */
  rateLimit?: number;
}

/**
 * `rate_limit` (priority 95): BLOCKs when metadata `rateCount` (calls counted by the caller in its
 * window) is greater than the rate limit: `Rate limit exceeded: 105 > 100`.
 *
 * @example
 * ```ts
 * const policy = rateLimitPolicy({ rateLimit: 100 });
 * ```
 */
export function rateLimitPolicy(options?: RateLimitPolicyOptions): RegisteredPolicy {
  const name = 'rate_limit';
  const checked = checkOptionsObject(name, options);
  const rateLimit = checkNumber(name, 'rateLimit', checked.rateLimit, { min: 0 });
  return defineBuiltinPolicy(
    { name, priority: 95, description: 'Blocks once the call count exceeds the rate limit.' },
    (ctx) => {
      const limit = readNumber(ctx, 'rateLimit') ?? rateLimit;
      const count = readNumber(ctx, 'rateCount') ?? 0;
      if (limit !== undefined && count > limit)
        return BLOCK(`Rate limit exceeded: ${count} > ${limit}`, { rateCount: count, rateLimit: limit });
      return ALLOW;
    },
  );
}
