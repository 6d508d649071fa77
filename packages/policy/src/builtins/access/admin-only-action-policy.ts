import { ALLOW, BLOCK } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy } from '../internal/builtin-policy';
import { asStringList, readToolName, readUserRole } from '../internal/metadata-readers';
import { checkOptionsObject, checkString, checkStringList } from '../internal/option-checks';

/** Options of {@link adminOnlyActionPolicy}. */
export interface AdminOnlyActionPolicyOptions {
  /** Tools only the admin role may use; metadata `requireAdminFor` overrides it. */
  requireAdminFor?: string[];
  /** The role that may use them (default `'admin'`). */
  adminRole?: string;
  /** Role assumed when metadata `userRole` is absent (default `'guest'`). */
  defaultRole?: string;
}

/**
 * `admin_only_action` (priority 95): BLOCKs admin-only tools for every other role:
 * `Admin role required for 'drop_index'. Current role: 'user'`.
 *
 * @example
 * ```ts
 * const policy = adminOnlyActionPolicy({ requireAdminFor: ['drop_index', 'grant_role'] });
 * ```
 */
export function adminOnlyActionPolicy(options?: AdminOnlyActionPolicyOptions): RegisteredPolicy {
  const name = 'admin_only_action';
  const checked = checkOptionsObject(name, options);
  const requireAdminFor = checkStringList(name, 'requireAdminFor', checked.requireAdminFor) ?? [];
  const adminRole = checkString(name, 'adminRole', checked.adminRole) ?? 'admin';
  const defaultRole = checkString(name, 'defaultRole', checked.defaultRole) ?? 'guest';
  return defineBuiltinPolicy(
    { name, priority: 95, description: 'Blocks admin-only tools for non-admin roles.' },
    (ctx) => {
      const role = readUserRole(ctx, defaultRole);
      const tool = readToolName(ctx);
      const adminTools = asStringList(ctx.metadata.requireAdminFor, 'requireAdminFor') ?? requireAdminFor;
      if (adminTools.includes(tool) && role !== adminRole) {
        return BLOCK(`Admin role required for '${tool}'. Current role: '${role}'`, { userRole: role, toolName: tool });
      }
      return ALLOW;
    },
  );
}
