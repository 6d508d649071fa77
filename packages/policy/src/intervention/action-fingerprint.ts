import { createHash } from 'node:crypto';
import type { PolicyContext } from '@clearstone/core';

function canonical(value: unknown, seen: Set<object>): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'function' || typeof value === 'symbol') return JSON.stringify(String(value));
    return JSON.stringify(value) ?? 'undefined';
  }
  if (seen.has(value)) return '"[Circular]"';
  seen.add(value);
  let text: string;
  if (value instanceof Date) text = JSON.stringify(value.toISOString());
  else if (value instanceof RegExp) text = JSON.stringify(String(value));
  else if (Array.isArray(value)) text = `[${value.map((item) => canonical(item, seen)).join(',')}]`;
  else {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key], seen)}`);
    text = `{${entries.join(',')}}`;
  }
  seen.delete(value);
  return text;
}

/**
 * A stable digest of an action: who (userId, agentId), what (the context's metadata) and which
 * policy paused it. The same action re-run in a new request or process gets the same
 * fingerprint, so its recorded approval can be found.
 *
 * @example
 * ```ts
 * const id = `intervention_${actionFingerprint(ctx, 'large_payments')}`;
 * return PAUSE('Large payment', { interventionId: id });
 * ```
 */
export function actionFingerprint(ctx: PolicyContext, policyName = ''): string {
  const text = canonical({ policyName, userId: ctx.userId, agentId: ctx.agentId, metadata: ctx.metadata }, new Set());
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
