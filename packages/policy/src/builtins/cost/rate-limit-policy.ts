import {
  ALERT,
  ALLOW,
  BLOCK,
  ContextKeys,
  InvalidArgumentError,
  type Decision,
  type PolicyContext,
} from '@clearstone/core';
import { thenOrRecover } from '../../governance/awaitable';
import { MemoryGovernanceStore } from '../../governance/memory-governance-store';
import type { Awaitable, GovernanceStore, OnStoreError, RateSlot } from '../../governance/types';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy } from '../internal/builtin-policy';
import { readNumber, readString } from '../internal/metadata-readers';
import { checkNumber, checkOptionsObject, checkString } from '../internal/option-checks';

/** Whose calls a rate limit counts together: one window per user, agent, session or tool, or per key a function gives. */
export type RateLimitScope = 'user' | 'agent' | 'session' | 'tool' | ((ctx: PolicyContext) => string);

/** Options of {@link rateLimitPolicy}. */
export interface RateLimitPolicyOptions {
  /** Calls allowed in any window of `windowMs`; metadata `rateLimit` overrides it. */
  limit?: number;
  /** Length of the sliding window in milliseconds. With it, the policy counts the calls it allows. */
  windowMs?: number;
  /** Whose calls share a window (default `'user'`). Tool and model calls are always counted apart. */
  per?: RateLimitScope;
  /** Where the windows are kept (default: this process's memory); a shared store makes the limit hold across processes and machines. */
  store?: GovernanceStore;
  /** When the store fails: `'block'` (default, fail closed) blocks the call; `'allow'` lets it through uncounted, with an ALERT. */
  onStoreError?: OnStoreError;
  /** Policy name (default `rate_limit`); also the first part of every window's key, so two limits never share counts. */
  name?: string;
  /** The limit a caller-counted `rateCount` is compared with (the same as `limit`). */
  rateLimit?: number;
}

const SCOPES = ['user', 'agent', 'session', 'tool'] as const;

function invalid(option: string, expected: string): InvalidArgumentError {
  return new InvalidArgumentError({
    message: `Policy 'rate_limit': option '${option}' must be ${expected}.`,
    argument: option,
  });
}

function scopeKey(per: RateLimitScope, ctx: PolicyContext): string {
  if (typeof per === 'function') {
    const key = per(ctx);
    if (typeof key !== 'string' || key === '') throw new Error('the per function did not return a non-empty string');
    return `key:${key}`;
  }
  switch (per) {
    case 'user':
      return `user:${ctx.userId}`;
    case 'agent':
      return `agent:${ctx.agentId}`;
    case 'session':
      return `session:${ctx.sessionId}`;
    case 'tool':
      return `tool:${readString(ctx, ContextKeys.TOOL_NAME) ?? readString(ctx, ContextKeys.MODEL) ?? 'unknown'}`;
  }
}

function describeWindow(windowMs: number): string {
  if (windowMs % 86_400_000 === 0) return `${windowMs / 86_400_000}d`;
  if (windowMs % 3_600_000 === 0) return `${windowMs / 3_600_000}h`;
  if (windowMs % 60_000 === 0) return `${windowMs / 60_000}min`;
  if (windowMs % 1000 === 0) return `${windowMs / 1000}s`;
  return `${windowMs}ms`;
}

function describeScope(per: RateLimitScope, key: string): string {
  if (typeof per === 'function') return `'${key.slice('key:'.length)}'`;
  const colon = key.indexOf(':');
  return `${per} '${key.slice(colon + 1)}'`;
}

/**
 * `rate_limit` (priority 95): at most `limit` calls in any sliding window of `windowMs`, counted
 * per user (default), agent, session, tool, or per key a function gives, with tool calls and model
 * calls counted apart (the context's `eventType`). The policy counts the calls it allows itself,
 * atomically in its `store` — a sliding-window log, exact at every instant, never a fixed window
 * that lets 2× the limit through across a boundary — and BLOCKs the calls over the limit without
 * counting them: `Rate limit exceeded: 500 of 500 tool_call calls in 1min for user 'alice'`,
 * with `metadata.retryAfterMs`. A call allowed here and then blocked by a policy of lower priority
 * still counts.
 *
 * The store is this process's memory by default; a `SqliteGovernanceStore` shares the windows
 * between the processes of a machine and a `RedisGovernanceStore` between machines. When the store
 * fails (Redis down, file locked past its timeout), `onStoreError: 'block'` (the default) fails
 * closed with a BLOCK naming the store and the error; `'allow'` lets the call through uncounted with
 * an ALERT. Time is the context's `timestamp`.
 *
 * A caller that counts for itself may still put `rateCount` (and `rateLimit`) in the context:
 * the policy then compares those and counts nothing (`Rate limit exceeded: 105 > 100`). Without
 * `windowMs` that is the only check.
 *
 * @example
 * ```ts
 * const store = new SqliteGovernanceStore('governance.db');
 * const policy = rateLimitPolicy({ limit: 100, windowMs: 60_000, per: 'user', store });
 * ```
 */
export function rateLimitPolicy(options?: RateLimitPolicyOptions): RegisteredPolicy {
  const checked = checkOptionsObject('rate_limit', options);
  const name = checkString('rate_limit', 'name', checked.name) ?? 'rate_limit';
  const rateLimit = checkNumber(name, 'rateLimit', checked.rateLimit, { min: 0 });
  const limit = checkNumber(name, 'limit', checked.limit, { min: 0 }) ?? rateLimit;
  const windowMs = checkNumber(name, 'windowMs', checked.windowMs, { min: 0 });
  if (windowMs !== undefined && !(windowMs > 0)) throw invalid('windowMs', 'a positive number of milliseconds');
  if (checked.limit !== undefined && windowMs === undefined)
    throw invalid('windowMs', 'given with limit (the length of the window the calls are counted in)');
  if (windowMs !== undefined && limit !== undefined && !Number.isInteger(limit))
    throw invalid('limit', 'a whole number of calls');
  const per = (checked.per ?? 'user') as RateLimitScope;
  if (typeof per !== 'function' && !SCOPES.includes(per))
    throw invalid('per', `one of ${SCOPES.map((scope) => `'${scope}'`).join(', ')} or a function`);
  const onStoreError = checked.onStoreError ?? 'block';
  if (onStoreError !== 'block' && onStoreError !== 'allow') throw invalid('onStoreError', "'block' or 'allow'");
  const given = checked.store as GovernanceStore | undefined;
  if (given !== undefined && typeof given?.takeRateSlot !== 'function') throw invalid('store', 'a GovernanceStore');
  const store: GovernanceStore | undefined =
    given ?? (windowMs === undefined ? undefined : new MemoryGovernanceStore());

  return defineBuiltinPolicy(
    {
      name,
      priority: 95,
      description:
        windowMs === undefined
          ? 'Blocks once the call count exceeds the rate limit.'
          : `Allows at most ${limit ?? 'metadata rateLimit'} calls per ${describeWindow(windowMs)} per ${typeof per === 'function' ? 'key' : per}.`,
      ...(store?.synchronous === false ? { async: true } : {}),
    },
    (ctx): Awaitable<Decision> => {
      const max = readNumber(ctx, ContextKeys.RATE_LIMIT) ?? limit;
      const counted = readNumber(ctx, ContextKeys.RATE_COUNT);
      if (counted !== undefined || windowMs === undefined || store === undefined) {
        const count = counted ?? 0;
        if (max !== undefined && count > max)
          return BLOCK(`Rate limit exceeded: ${count} > ${max}`, { rateCount: count, rateLimit: max });
        return ALLOW;
      }
      if (max === undefined) return ALLOW;
      const kind = readString(ctx, ContextKeys.EVENT_TYPE) ?? 'call';
      const scope = scopeKey(per, ctx);
      const key = `${name}|${kind}|${scope}`;
      const now = ctx.timestamp instanceof Date ? ctx.timestamp.getTime() : Date.now();
      return thenOrRecover(
        () => store.takeRateSlot({ key, limit: Math.floor(max), windowMs, now }),
        (slot: RateSlot): Decision =>
          slot.allowed
            ? ALLOW
            : BLOCK(
                `Rate limit exceeded: ${slot.count} of ${Math.floor(max)} ${kind} calls in ${describeWindow(windowMs)} for ${describeScope(per, scope)}`,
                {
                  rateCount: slot.count,
                  rateLimit: Math.floor(max),
                  windowMs,
                  rateKey: key,
                  ...(slot.retryAfterMs === undefined ? {} : { retryAfterMs: slot.retryAfterMs }),
                },
              ),
        (error: unknown): Decision => {
          if (InvalidArgumentError.isInstance(error)) throw error;
          const message = error instanceof Error ? error.message : String(error);
          const code = (error as { code?: unknown } | null)?.code;
          const what = `Rate limit store ${store.description} failed${typeof code === 'string' ? ` (${code})` : ''}: ${message}`;
          const metadata = { rateKey: key, storeError: message, onStoreError };
          return onStoreError === 'block'
            ? BLOCK(`${what}; call blocked (onStoreError: 'block')`, metadata)
            : ALERT(`${what}; call allowed uncounted (onStoreError: 'allow')`, metadata);
        },
      );
    },
  );
}
