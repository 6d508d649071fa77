import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { RegisteredPolicy } from '@clearstone/policy';
import { CliError } from '../cli/cli-error';

const SHARED_PACKAGES = ['@clearstone/policy/builtins', '@clearstone/policy', '@clearstone/core'];

/** True for a policy made by `Policy`/`definePolicy`: a function carrying `policyInfo`. */
export function isPolicy(value: unknown): value is RegisteredPolicy {
  return typeof value === 'function' && typeof (value as Partial<RegisteredPolicy>).policyInfo?.name === 'string';
}

/** The Clearstone packages a policy file cannot resolve itself, mapped to the CLI's own copies. */
function aliasesFor(file: string): Record<string, string> {
  const fromFile = createRequire(file);
  const fromCli = createRequire(__filename);
  const alias: Record<string, string> = {};
  for (const name of SHARED_PACKAGES) {
    try {
      fromFile.resolve(name);
    } catch {
      try {
        alias[name] = fromCli.resolve(name);
      } catch {
        // Neither resolves: the import fails with a clear message when the file uses it.
      }
    }
  }
  return alias;
}

function collect(value: unknown, into: Set<RegisteredPolicy>): void {
  if (isPolicy(value)) into.add(value);
  else if (Array.isArray(value)) for (const item of value) if (isPolicy(item)) into.add(item);
}

/**
 * Loads the policies of a TypeScript or JavaScript module (through jiti): its default export and
 * every named export that is a policy or an array of policies, each once, in export order.
 *
 * @throws CliError `'POLICY_FILE_NOT_FOUND'` or `'POLICY_MODULE_INVALID'` (exit code 1), naming the file.
 */
export async function loadPolicyModule(file: string): Promise<RegisteredPolicy[]> {
  if (!existsSync(file))
    throw new CliError({ code: 'POLICY_FILE_NOT_FOUND', message: `Policy file not found: ${file}` });
  let exports: Record<string, unknown>;
  try {
    const { createJiti } = await import('jiti');
    const jiti = createJiti(__filename, {
      alias: aliasesFor(file),
      moduleCache: false,
      fsCache: false,
      interopDefault: false,
    });
    exports = await jiti.import<Record<string, unknown>>(file);
  } catch (error) {
    const reason = (error as Error)?.message?.split('\n')[0] ?? String(error);
    throw new CliError({
      code: 'POLICY_MODULE_INVALID',
      message: `Cannot load policy file ${file}: ${reason}`,
      cause: error,
    });
  }
  const policies = new Set<RegisteredPolicy>();
  collect(exports.default, policies);
  for (const [name, value] of Object.entries(exports)) if (name !== 'default') collect(value, policies);
  if (policies.size === 0) {
    throw new CliError({
      code: 'POLICY_MODULE_INVALID',
      message: `Policy file ${file} exports no policies: export (default or named) policies made with Policy() or definePolicy(), or arrays of them.`,
    });
  }
  return [...policies];
}
