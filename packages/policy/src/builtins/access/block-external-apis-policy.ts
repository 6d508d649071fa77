import { ALLOW, BLOCK } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy } from '../internal/builtin-policy';
import { asStringList, readToolName } from '../internal/metadata-readers';
import { checkOptionsObject, checkStringList } from '../internal/option-checks';

/** Options of {@link blockExternalApisPolicy}. */
export interface BlockExternalApisPolicyOptions {
  /** Tools that call external APIs; metadata `externalApiTools` overrides it. */
  externalApiTools?: string[];
  /** External tools that are allowed anyway; metadata `whitelistedApis` overrides it. */
  whitelistedApis?: string[];
}

/**
 * `block_external_apis` (priority 85): BLOCKs external-API tools that are not whitelisted:
 * `External API call blocked: 'web_search' is not whitelisted`.
 *
 * @example
 * ```ts
 * const policy = blockExternalApisPolicy({ externalApiTools: ['web_search', 'send_sms'], whitelistedApis: ['web_search'] });
 * ```
 */
export function blockExternalApisPolicy(options?: BlockExternalApisPolicyOptions): RegisteredPolicy {
  const name = 'block_external_apis';
  const checked = checkOptionsObject(name, options);
  const externalApiTools = checkStringList(name, 'externalApiTools', checked.externalApiTools) ?? [];
  const whitelistedApis = checkStringList(name, 'whitelistedApis', checked.whitelistedApis) ?? [];
  return defineBuiltinPolicy(
    { name, priority: 85, description: 'Blocks external API tools that are not whitelisted.' },
    (ctx) => {
      const tool = readToolName(ctx);
      const external = asStringList(ctx.metadata.externalApiTools, 'externalApiTools') ?? externalApiTools;
      const whitelisted = asStringList(ctx.metadata.whitelistedApis, 'whitelistedApis') ?? whitelistedApis;
      if (external.includes(tool) && !whitelisted.includes(tool))
        return BLOCK(`External API call blocked: '${tool}' is not whitelisted`, { toolName: tool });
      return ALLOW;
    },
  );
}
