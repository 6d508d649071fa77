import { ALLOW, BLOCK } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy } from '../internal/builtin-policy';
import { readToolName } from '../internal/metadata-readers';
import { checkOptionsObject, checkStringList } from '../internal/option-checks';
import { containsWordSequence, toolNameWords } from './tool-name-words';

/**
 * The terms {@link blockDangerousToolsPolicy} blocks by default. Each term is a word sequence
 * matched on word boundaries of the tool name. Single words that also name harmless tools
 * (`purge_cache`, `restart_service`, `truncate_text`) are left out; add `'restart'` or `'purge'`
 * through `additionalDangerousTools` to block them.
 */
export const DEFAULT_DANGEROUS_TOOLS: readonly string[] = Object.freeze([
  'delete_database',
  'drop_database',
  'drop_table',
  'truncate_table',
  'format_drive',
  'format_disk',
  'shutdown',
  'hard_delete',
  'destroy',
]);

const MAX_CACHED_NAMES = 1024;
const MAX_CACHED_NAME_LENGTH = 256;

/** Options of {@link blockDangerousToolsPolicy}. */
export interface BlockDangerousToolsPolicyOptions {
  /** Replaces {@link DEFAULT_DANGEROUS_TOOLS}. */
  dangerousTools?: string[];
  /** Added to the dangerous terms, e.g. `['restart', 'purge']`. */
  additionalDangerousTools?: string[];
}

/**
 * `block_dangerous_tools` (priority 100): BLOCKs a tool whose name contains a dangerous term on
 * word boundaries, case-insensitively and across naming styles: `drop_table`, `DropTable`,
 * `db.drop-table` and `DeleteDatabase` are blocked, `dropdown_table_view` and `purge_cache` are
 * not. Message: `Dangerous tool blocked: 'DropTable'`.
 *
 * @example
 * ```ts
 * const policy = blockDangerousToolsPolicy({ additionalDangerousTools: ['restart'] });
 * ```
 */
export function blockDangerousToolsPolicy(options?: BlockDangerousToolsPolicyOptions): RegisteredPolicy {
  const name = 'block_dangerous_tools';
  const checked = checkOptionsObject(name, options);
  const base = checkStringList(name, 'dangerousTools', checked.dangerousTools) ?? DEFAULT_DANGEROUS_TOOLS;
  const additional = checkStringList(name, 'additionalDangerousTools', checked.additionalDangerousTools) ?? [];
  const terms = [...base, ...additional]
    .map((term) => ({ term, words: toolNameWords(term) }))
    .filter((entry) => entry.words.length > 0);
  const verdicts = new Map<string, string | null>();
  return defineBuiltinPolicy(
    { name, priority: 100, description: 'Blocks destructive tools such as drop_table or delete_database.' },
    (ctx) => {
      const tool = readToolName(ctx);
      if (tool === '') return ALLOW;
      let matched = verdicts.get(tool);
      if (matched === undefined) {
        const words = toolNameWords(tool);
        matched = terms.find((entry) => containsWordSequence(words, entry.words))?.term ?? null;
        // Agents use a handful of tool names: remember the verdict per name, within a fixed bound.
        if (tool.length <= MAX_CACHED_NAME_LENGTH) {
          if (verdicts.size >= MAX_CACHED_NAMES) verdicts.clear();
          verdicts.set(tool, matched);
        }
      }
      return matched === null
        ? ALLOW
        : BLOCK(`Dangerous tool blocked: '${tool}'`, { toolName: tool, matchedTerm: matched });
    },
  );
}
