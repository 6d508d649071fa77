import { ALERT, ALLOW } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy } from '../internal/builtin-policy';
import { asStringList, readToolName } from '../internal/metadata-readers';
import { checkOptionsObject, checkStringList } from '../internal/option-checks';

/** Options of {@link alertOnPrivilegedAccessPolicy}. */
export interface AlertOnPrivilegedAccessPolicyOptions {
  /** Tools whose use is reported; metadata `privilegedTools` overrides it. */
  privilegedTools?: string[];
}

/**
 * `alert_on_privileged_access` (priority 75): ALERTs (the action proceeds) when a privileged tool
 * is used: `Privileged access: User 'u1' accessed 'read_salaries'.`
 *
 * @example
 * ```ts
 * const policy = alertOnPrivilegedAccessPolicy({ privilegedTools: ['read_salaries'] });
 * ```
 */
export function alertOnPrivilegedAccessPolicy(options?: AlertOnPrivilegedAccessPolicyOptions): RegisteredPolicy {
  const name = 'alert_on_privileged_access';
  const checked = checkOptionsObject(name, options);
  const privilegedTools = checkStringList(name, 'privilegedTools', checked.privilegedTools) ?? [];
  return defineBuiltinPolicy({ name, priority: 75, description: 'Alerts when a privileged tool is used.' }, (ctx) => {
    const tool = readToolName(ctx);
    const tools = asStringList(ctx.metadata.privilegedTools, 'privilegedTools') ?? privilegedTools;
    if (!tools.includes(tool)) return ALLOW;
    return ALERT(`Privileged access: User '${ctx.userId}' accessed '${tool}'.`, { userId: ctx.userId, toolName: tool });
  });
}
