import { ALLOW, BLOCK } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy } from '../internal/builtin-policy';
import { asNameListMap, readToolName, readUserRole } from '../internal/metadata-readers';
import { checkNameListMap, checkOptionsObject, checkString } from '../internal/option-checks';

/** Options of {@link rbacToolAccessPolicy}. */
export interface RbacToolAccessPolicyOptions {
  /** Role → tools that role may not use; metadata `restrictedTools` overrides it. */
  restrictedTools?: Record<string, string[]>;
  /** Role assumed when metadata `userRole` is absent (default `'guest'`). */
  defaultRole?: string;
}

/**
 * `rbac_tool_access` (priority 90): BLOCKs a tool that is restricted for the caller's role:
 * `Role 'guest' cannot access tool 'delete_database'`. Tool names match exactly.
 *
 * @example
 * ```ts
 * const policy = rbacToolAccessPolicy({ restrictedTools: { guest: ['delete_database', 'send_email'] } });
 * ```
 */
export function rbacToolAccessPolicy(options?: RbacToolAccessPolicyOptions): RegisteredPolicy {
  const name = 'rbac_tool_access';
  const checked = checkOptionsObject(name, options);
  const restrictedTools = checkNameListMap(name, 'restrictedTools', checked.restrictedTools) ?? {};
  const defaultRole = checkString(name, 'defaultRole', checked.defaultRole) ?? 'guest';
  return defineBuiltinPolicy(
    { name, priority: 90, description: 'Blocks tools that are restricted for the caller role.' },
    (ctx) => {
      const role = readUserRole(ctx, defaultRole);
      const tool = readToolName(ctx);
      const restricted = asNameListMap(ctx.metadata.restrictedTools, 'restrictedTools') ?? restrictedTools;
      const forbidden = Object.hasOwn(restricted, role) ? restricted[role] : undefined;
      if (forbidden?.includes(tool))
        return BLOCK(`Role '${role}' cannot access tool '${tool}'`, { userRole: role, toolName: tool });
      return ALLOW;
    },
  );
}
