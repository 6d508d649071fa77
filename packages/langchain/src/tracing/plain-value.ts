import { isBaseMessage } from '@langchain/core/messages';
import { compactMessages } from '../events/compact-messages';

const MAX_DEPTH = 6;

/**
 * A plain-data copy of a LangChain value for span snapshots: messages become
 * `{ role, content, toolCalls? }`, documents `{ pageContent, metadata }`, class instances their
 * enumerable fields; functions are dropped.
 */
export function plainValue(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (isBaseMessage(value)) return compactMessages([value])[0];
  if (Array.isArray(value)) return value.map((item) => plainValue(item, depth + 1));
  if (value instanceof Date || value instanceof Error) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key.startsWith('lc_') || key.startsWith('__')) continue;
    const plain = plainValue(item, depth + 1);
    if (plain !== undefined) result[key] = plain;
  }
  return result;
}
