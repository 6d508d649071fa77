import { ALLOW, BLOCK } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy } from '../internal/builtin-policy';
import { asStringList, readToolName, readUserRole } from '../internal/metadata-readers';
import { checkOptionsObject, checkString, checkStringList } from '../internal/option-checks';

/** Options of {@link blockPiiToolsPolicy}. */
export interface BlockPiiToolsPolicyOptions {
  /** Tools that expose PII; metadata `piiTools` overrides it. */
  piiTools?: string[];
  /** Roles allowed to use them (default `['admin', 'data_engineer']`). */
  allowedRoles?: string[];
  /** Role assumed when metadata `userRole` is absent (default `'guest'`). */
  defaultRole?: string;
}

/**
 * `block_pii_tools` (priority 90): BLOCKs PII-exposing tools for roles other than the allowed
 * ones: `PII access denied for role 'guest'`.
 *
 * @example
 * ```ts
 * const policy = blockPiiToolsPolicy({ piiTools: ['fetch_customer_record'] });
 * ```
 */
export function blockPiiToolsPolicy(options?: BlockPiiToolsPolicyOptions): RegisteredPolicy {
  const name = 'block_pii_tools';
  const checked = checkOptionsObject(name, options);
  const piiTools = checkStringList(name, 'piiTools', checked.piiTools) ?? [];
  const allowedRoles = checkStringList(name, 'allowedRoles', checked.allowedRoles) ?? ['admin', 'data_engineer'];
  const defaultRole = checkString(name, 'defaultRole', checked.defaultRole) ?? 'guest';
  return defineBuiltinPolicy(
    { name, priority: 90, description: 'Blocks PII tools for roles without PII access.' },
    (ctx) => {
      const role = readUserRole(ctx, defaultRole);
      const tool = readToolName(ctx);
      const tools = asStringList(ctx.metadata.piiTools, 'piiTools') ?? piiTools;
      if (tools.includes(tool) && !allowedRoles.includes(role))
        return BLOCK(`PII access denied for role '${role}'`, { userRole: role, toolName: tool });
      return ALLOW;
    },
  );
}
