import { ClearstoneError, type RedactionSpec } from '@clearstone/core';
import type { Redactor } from './redact-messages';

let loaded: Promise<Redactor> | undefined;

// Resolved at run time, so loading the integration never loads the built-in policies.
const BUILTINS_ENTRY = '@clearstone/policy/builtins';

/**
 * The redactor of `@clearstone/policy/builtins` (PII detector + field lists), loaded on first
 * use so agents that never redact do not load the built-in policies.
 */
export function loadDefaultRedactor(): Promise<Redactor> {
  loaded ??= (import(BUILTINS_ENTRY) as Promise<Record<string, unknown>>).then((builtins) => {
    const redactValue = (builtins as { redactValue?: (value: unknown, spec: RedactionSpec) => unknown }).redactValue;
    if (typeof redactValue !== 'function') {
      throw new ClearstoneError({
        code: 'NO_REDACTOR',
        message: '@clearstone/policy/builtins has no redactValue(value, spec); pass `redact` to the middleware.',
      });
    }
    return redactValue;
  });
  return loaded;
}

/** The configured redactor, else the built-in one. */
export async function resolveRedactor(configured: Redactor | undefined): Promise<Redactor> {
  return configured ?? loadDefaultRedactor();
}
