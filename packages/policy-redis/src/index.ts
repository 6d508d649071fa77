/**
 * @clearstone/policy-redis — `RedisGovernanceStore`: rate-limit windows, spend and human-approval
 * records in Redis, shared by every machine that runs the agent. Needs `redis` or `ioredis`.
 *
 * @example
 * ```ts
 * import { RedisGovernanceStore } from '@clearstone/policy-redis';
 * import { rateLimitPolicy } from '@clearstone/policy/builtins';
 *
 * const store = new RedisGovernanceStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
 * const limit = rateLimitPolicy({ limit: 500, windowMs: 60_000, per: 'user', store });
 * ```
 * @packageDocumentation
 */

export { RedisGovernanceStore, type RedisGovernanceStoreOptions } from './redis-governance-store';
export type { RedisClientLike } from './redis-connection';
