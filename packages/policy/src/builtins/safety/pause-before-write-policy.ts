import { ALLOW, PAUSE } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy } from '../internal/builtin-policy';
import { asStringList, readToolName } from '../internal/metadata-readers';
import { checkOptionsObject, checkStringList } from '../internal/option-checks';

/** The non-empty patterns, each followed by its lowercase form. */
function lowercasePatterns(patterns: readonly string[]): string[] {
  const flat: string[] = [];
  for (const pattern of patterns) if (pattern !== '') flat.push(pattern, pattern.toLowerCase());
  return flat;
}

/** Options of {@link pauseBeforeWritePolicy}. */
export interface PauseBeforeWritePolicyOptions {
  /** Name fragments of write tools, e.g. `['delete', 'update', 'write']`; metadata `requirePauseFor` overrides it. */
  requirePauseFor?: string[];
}

/**
 * `pause_before_write` (priority 80): PAUSEs for human review when the tool name contains one of
 * the patterns (case-insensitive on both sides):
 * `Manual review required for write operation: 'UpdateRecord'`.
 *
 * @example
 * ```ts
 * const policy = pauseBeforeWritePolicy({ requirePauseFor: ['delete', 'update', 'send'] });
 * ```
 */
export function pauseBeforeWritePolicy(options?: PauseBeforeWritePolicyOptions): RegisteredPolicy {
  const name = 'pause_before_write';
  const checked = checkOptionsObject(name, options);
  const requirePauseFor = checkStringList(name, 'requirePauseFor', checked.requirePauseFor) ?? [];
  const configured = lowercasePatterns(requirePauseFor);
  return defineBuiltinPolicy(
    { name, priority: 80, description: 'Pauses write operations for manual review.' },
    (ctx) => {
      const tool = readToolName(ctx);
      const lowered = tool.toLowerCase();
      const override = asStringList(ctx.metadata.requirePauseFor, 'requirePauseFor');
      const patterns = override === undefined ? configured : lowercasePatterns(override);
      for (let index = 0; index < patterns.length; index += 2) {
        if (!lowered.includes(patterns[index + 1])) continue;
        return PAUSE(`Manual review required for write operation: '${tool}'`, {
          metadata: { toolName: tool, matchedPattern: patterns[index] },
        });
      }
      return ALLOW;
    },
  );
}
