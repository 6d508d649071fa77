import { ALERT, ALLOW, InvalidArgumentError } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy } from '../internal/builtin-policy';
import { asNumber } from '../internal/metadata-readers';
import { checkNumber, checkOptionsObject } from '../internal/option-checks';

/** Options of {@link alertOnFailedAuthPolicy}. */
export interface AlertOnFailedAuthPolicyOptions {
  /** Failed attempts tolerated before alerting (default 3: the 4th failed attempt alerts). */
  maxFailedAttempts?: number;
}

/**
 * `alert_on_failed_auth` (priority 100): ALERTs when metadata `authFailed` is true and
 * `attemptCount` (default 1) is greater than the tolerated attempts:
 * `Security: 5 failed auth attempts for user 'u1'.`
 *
 * @example
 * ```ts
 * const policy = alertOnFailedAuthPolicy({ maxFailedAttempts: 5 });
 * ```
 */
export function alertOnFailedAuthPolicy(options?: AlertOnFailedAuthPolicyOptions): RegisteredPolicy {
  const name = 'alert_on_failed_auth';
  const checked = checkOptionsObject(name, options);
  const maxFailedAttempts = checkNumber(name, 'maxFailedAttempts', checked.maxFailedAttempts, { min: 0 }) ?? 3;
  return defineBuiltinPolicy(
    { name, priority: 100, description: 'Alerts on repeated failed authentication.' },
    (ctx) => {
      const failed = ctx.metadata.authFailed;
      if (failed !== undefined && failed !== null && typeof failed !== 'boolean') {
        throw new InvalidArgumentError({
          message: `metadata 'authFailed' must be a boolean (got ${typeof failed}).`,
          argument: 'metadata.authFailed',
        });
      }
      const attempts = asNumber(ctx.metadata.attemptCount, 'attemptCount') ?? 1;
      if (failed === true && attempts > maxFailedAttempts) {
        return ALERT(`Security: ${attempts} failed auth attempts for user '${ctx.userId}'.`, {
          userId: ctx.userId,
          attemptCount: attempts,
        });
      }
      return ALLOW;
    },
  );
}
