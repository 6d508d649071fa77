import { ALLOW, BLOCK } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy } from '../internal/builtin-policy';
import { asNumber } from '../internal/metadata-readers';
import { checkNumber, checkOptionsObject } from '../internal/option-checks';

/** Options of {@link tokenLimitPolicy}. */
export interface TokenLimitPolicyOptions {
  /** Maximum tokens per session; metadata `tokenLimit` overrides it. No limit when neither is set. */
  tokenLimit?: number;
}

/**
 * `token_limit` (priority 100): BLOCKs when metadata `tokensUsed` is greater than the token limit
 * (`Token limit exceeded: {used} > {limit}`).
 *
 * @example
 * ```ts
 * const engine = new PolicyEngine({ policies: [tokenLimitPolicy({ tokenLimit: 5000 })] });
 * await engine.evaluate(createContext({ userId: 'u', agentId: 'a', metadata: { tokensUsed: 6000 } })); // BLOCK
 * ```
 */
export function tokenLimitPolicy(options?: TokenLimitPolicyOptions): RegisteredPolicy {
  const name = 'token_limit';
  const checked = checkOptionsObject(name, options);
  const tokenLimit = checkNumber(name, 'tokenLimit', checked.tokenLimit, { min: 0 });
  return defineBuiltinPolicy(
    { name, priority: 100, description: 'Blocks once the tokens used exceed the token limit.' },
    (ctx) => {
      const limit = asNumber(ctx.metadata.tokenLimit, 'tokenLimit') ?? tokenLimit;
      const used = asNumber(ctx.metadata.tokensUsed, 'tokensUsed') ?? 0;
      if (limit !== undefined && used > limit)
        return BLOCK(`Token limit exceeded: ${used} > ${limit}`, { tokensUsed: used, tokenLimit: limit });
      return ALLOW;
    },
  );
}
