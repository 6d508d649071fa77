import type { RegisteredPolicy } from '@clearstone/policy';
import { usageError } from '../cli/cli-error';

/** Names accepted by `--bundle`, with the factory of `@clearstone/policy/builtins` each calls. */
export const BUNDLES = {
  'safe-mode': 'createSafeModePolicies',
  security: 'createSecurityPolicies',
  'cost-control': 'createCostControlPolicies',
  'audit-mode': 'createAuditModePolicies',
  'local-llm': 'createLocalLlmPolicies',
  'data-protection': 'createDataProtectionPolicies',
} as const;

/** Bundle names, for `--help`. */
export const BUNDLE_NAMES = Object.keys(BUNDLES);

/**
 * New instances of a built-in bundle's policies.
 *
 * @throws CliError `'UNKNOWN_BUNDLE'` (exit code 2).
 */
export async function loadBundle(name: string): Promise<RegisteredPolicy[]> {
  const factoryName = (BUNDLES as Record<string, string>)[name];
  if (factoryName === undefined)
    throw usageError(`Unknown bundle '${name}'; choose one of: ${BUNDLE_NAMES.join(', ')}.`, 'UNKNOWN_BUNDLE');
  const builtins = (await import('@clearstone/policy/builtins')) as unknown as Record<string, () => RegisteredPolicy[]>;
  return builtins[factoryName]();
}
