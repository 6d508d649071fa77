import { randomBytes } from 'node:crypto';
import { InvalidArgumentError } from '@clearstone/core';
import {
  GovernanceStoreError,
  type GovernanceStore,
  type InterventionRecord,
  type RateSlot,
  type RateSlotRequest,
} from '@clearstone/policy';
import { utcDay, type SpendEntry, type SpendTotals } from '@clearstone/policy/builtins';
import { checkRecord, checkRequest, checkSpend, checkWindow, createdMs } from './checks';
import { connect, wrapClient, type RedisClientLike, type RedisConnection } from './redis-connection';
import {
  CONSUME_INTERVENTION,
  LIST_INTERVENTIONS,
  PUT_INTERVENTION,
  RATE_COUNT,
  RECORD_SPEND,
  TAKE_RATE_SLOT,
  type Script,
} from './scripts';

/** Options of {@link RedisGovernanceStore}: a `url` to connect to, or a `client` you made. */
export interface RedisGovernanceStoreOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`); the store connects with `redis` or `ioredis`, whichever is installed, and closes the connection on `close()`. */
  url?: string;
  /** A connected node-redis (`redis` 4–6) or ioredis client to use instead; it stays yours (never closed by the store). */
  client?: RedisClientLike;
  /** Prefix of every key the store writes (default `clearstone:`), so several agents or environments can share one Redis. */
  prefix?: string;
  /** How long one store operation may take before it fails with `'STORE_UNAVAILABLE'`, in ms (default 2000). */
  commandTimeoutMs?: number;
  /** How long spend totals are kept after their last update, in ms (default 35 days). */
  spendTtlMs?: number;
  /** How long an intervention is kept after its last update, in ms (default 30 days). */
  interventionTtlMs?: number;
}

const DAY = 86_400_000;

interface Totals {
  usd?: string;
  tokens?: string;
  calls?: string;
  unknown?: string;
}

function positiveMs(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new InvalidArgumentError({
      message: `RedisGovernanceStore: ${name} must be a positive number of milliseconds.`,
      argument: name,
    });
  return Math.ceil(value);
}

function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'redis';
  }
}

function pairs(reply: unknown): Totals {
  if (Array.isArray(reply)) {
    const totals: Record<string, string> = {};
    for (let index = 0; index + 1 < reply.length; index += 2) totals[String(reply[index])] = String(reply[index + 1]);
    return totals;
  }
  if (reply !== null && typeof reply === 'object') return reply;
  return {};
}

function isReplyError(error: unknown): boolean {
  const name = (error as { constructor?: { name?: string } } | null)?.constructor?.name ?? '';
  const message = error instanceof Error ? error.message : '';
  return (
    name.includes('ReplyError') ||
    name.includes('ErrorReply') ||
    /^(ERR|WRONGTYPE|NOSCRIPT|BUSY|NOPERM)\b/.test(message)
  );
}

/**
 * Governance state in Redis, for agents running on several machines: rate-limit windows, spend
 * totals and interventions under one key prefix. Every change is one Lua script run atomically by
 * the server (the sliding-window check-and-count, the spend increments, consuming an approval), so
 * counts stay exact however many processes call at once. Keys expire on their own: a rate window
 * after its length, spend totals after `spendTtlMs`, interventions after `interventionTtlMs`.
 *
 * Every method answers a promise; the policies over this store are async (`PolicyEngine.evaluate`).
 * While Redis is down or slow, operations fail within `commandTimeoutMs` with a
 * `GovernanceStoreError` `'STORE_UNAVAILABLE'` — `rateLimitPolicy` then blocks (its default
 * `onStoreError: 'block'`) — and the connection is retried in the background. Counts already
 * taken survive a Redis restart only as far as Redis persists them: enable AOF
 * (`appendonly yes`) where limits must hold across one. Single Redis servers (with replicas or
 * Sentinel) are supported; Redis Cluster is not.
 *
 * @example
 * ```ts
 * import { RedisGovernanceStore } from '@clearstone/policy-redis';
 * import { rateLimitPolicy } from '@clearstone/policy/builtins';
 *
 * const store = new RedisGovernanceStore({ url: 'redis://127.0.0.1:6379', prefix: 'support-bot:' });
 * const limit = rateLimitPolicy({ limit: 500, windowMs: 60_000, per: 'user', store });
 * ```
 */
export class RedisGovernanceStore implements GovernanceStore {
  /** Always false: every method answers a promise. */
  readonly synchronous = false as const;
  /** The server (password hidden) and the key prefix. */
  readonly description: string;
  /** Prefix of every key the store writes. */
  readonly prefix: string;
  private readonly connection: RedisConnection;
  private readonly commandTimeoutMs: number;
  private readonly spendTtlMs: number;
  private readonly interventionTtlMs: number;
  private closed = false;

  /**
   * @throws InvalidArgumentError without a `url` or `client`, or with bad options.
   * @throws GovernanceStoreError `'MISSING_DEPENDENCY'` for a `url` when neither `redis` nor `ioredis` is installed.
   */
  constructor(options: RedisGovernanceStoreOptions) {
    if (options === null || typeof options !== 'object' || (options.url === undefined && options.client === undefined))
      throw new InvalidArgumentError({
        message: 'RedisGovernanceStore needs { url } or { client }.',
        argument: 'options',
      });
    const prefix = options.prefix ?? 'clearstone:';
    if (typeof prefix !== 'string' || prefix.length > 200)
      throw new InvalidArgumentError({
        message: 'RedisGovernanceStore: prefix must be a string of at most 200 characters.',
        argument: 'prefix',
      });
    this.prefix = prefix;
    this.commandTimeoutMs = positiveMs(options.commandTimeoutMs, 'commandTimeoutMs', 2000);
    this.spendTtlMs = positiveMs(options.spendTtlMs, 'spendTtlMs', 35 * DAY);
    this.interventionTtlMs = positiveMs(options.interventionTtlMs, 'interventionTtlMs', 30 * DAY);
    if (options.client !== undefined) {
      this.connection = wrapClient(options.client);
      this.description = `redis client (prefix ${prefix})`;
    } else {
      if (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url))
        throw new InvalidArgumentError({
          message: 'RedisGovernanceStore: url must start with redis:// or rediss://.',
          argument: 'url',
        });
      this.connection = connect(options.url, this.commandTimeoutMs);
      this.description = `${redacted(options.url)} (prefix ${prefix})`;
    }
  }

  /** Counts the call when fewer than `limit` were counted in the window (one atomic script). */
  async takeRateSlot(request: RateSlotRequest): Promise<RateSlot> {
    checkRequest(request);
    const member = `${request.now}:${randomBytes(6).toString('hex')}`;
    const reply = (await this.run(
      'take a rate slot',
      TAKE_RATE_SLOT,
      [this.rateKey(request.key)],
      [String(request.now), String(Math.ceil(request.windowMs)), String(request.limit), member],
    )) as unknown[];
    const [allowed, count, retry] = reply.map(Number);
    return allowed === 1 ? { allowed: true, count: count } : { allowed: false, count: count, retryAfterMs: retry };
  }

  /** Calls counted under `key` in the `windowMs` before `now`. */
  async rateCount(key: string, windowMs: number, now: number): Promise<number> {
    checkWindow(windowMs, now);
    return Number(await this.run('count', RATE_COUNT, [this.rateKey(key)], [String(now), String(windowMs)]));
  }

  /** Adds one model call's spend to its user's UTC day and its session (one atomic script). */
  async recordSpend(entry: SpendEntry): Promise<void> {
    const spend = checkSpend(entry);
    const keys = [this.key('spend:user-day', spend.userId, utcDay(spend.at))];
    if (spend.sessionId !== null) keys.push(this.key('spend:session', spend.sessionId));
    await this.run('record spend', RECORD_SPEND, keys, [
      spend.usd === null ? '' : String(spend.usd),
      String(spend.tokens),
      String(this.spendTtlMs),
      String(this.spendTtlMs),
    ]);
  }

  /** What `userId` spent on the UTC day `day` (`YYYY-MM-DD`). */
  userDaySpend(userId: string, day: string): Promise<SpendTotals> {
    return this.totals(this.key('spend:user-day', userId, day));
  }

  /** What the session spent over all its runs. */
  sessionSpend(sessionId: string): Promise<SpendTotals> {
    return this.totals(this.key('spend:session', sessionId));
  }

  /** The intervention with this id, or undefined. */
  async getIntervention(id: string): Promise<InterventionRecord | undefined> {
    const reply = (await this.command('read an intervention', [
      'HMGET',
      this.key('intervention', id),
      'record',
      'consumedAt',
    ])) as Array<string | null>;
    const [record, consumedAt] = reply;
    return typeof record === 'string' ? this.decode(record, consumedAt ?? '') : undefined;
  }

  /** Stores an intervention, replacing any with the same id (one atomic script). */
  async putIntervention(record: InterventionRecord): Promise<void> {
    checkRecord(record);
    const { consumedAt, ...rest } = record;
    await this.run(
      'write an intervention',
      PUT_INTERVENTION,
      [this.key('intervention', record.id), `${this.prefix}interventions`],
      [
        JSON.stringify(rest),
        record.status,
        consumedAt ?? '',
        String(createdMs(record)),
        record.id,
        String(this.interventionTtlMs),
      ],
    );
  }

  /** Every stored intervention, oldest first. */
  async listInterventions(): Promise<InterventionRecord[]> {
    const reply = (await this.run(
      'list interventions',
      LIST_INTERVENTIONS,
      [`${this.prefix}interventions`],
      [`${this.prefix}intervention:`],
    )) as string[];
    const records: InterventionRecord[] = [];
    for (let index = 0; index + 1 < reply.length; index += 2) records.push(this.decode(reply[index], reply[index + 1]));
    return records;
  }

  /** Marks an approved, unused intervention as used (one atomic script); see `GovernanceStore.consumeIntervention`. */
  async consumeIntervention(id: string, at: string): Promise<InterventionRecord | undefined> {
    const used = await this.run('consume an intervention', CONSUME_INTERVENTION, [this.key('intervention', id)], [at]);
    return Number(used) === 1 ? this.getIntervention(id) : undefined;
  }

  /** Closes the connection the store made from its `url` (a `client` given to it is left open). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connection.close();
  }

  private key(kind: string, ...parts: string[]): string {
    // Parts are user ids, session ids and intervention ids: length-prefixed so that no choice of
    // ids can make two different keys collide (`a:b` + `c` vs `a` + `b:c`).
    return `${this.prefix}${kind}:${parts.map((part) => `${part.length}.${part}`).join(':')}`;
  }

  private rateKey(key: string): string {
    return this.key('rate', key);
  }

  private async totals(key: string): Promise<SpendTotals> {
    const totals = pairs(await this.command('read spend', ['HGETALL', key]));
    return {
      usd: Number(totals.usd ?? 0),
      tokens: Number(totals.tokens ?? 0),
      calls: Number(totals.calls ?? 0),
      unknownCostCalls: Number(totals.unknown ?? 0),
    };
  }

  private decode(text: string, consumedAt: string): InterventionRecord {
    let record: InterventionRecord;
    try {
      record = JSON.parse(text) as InterventionRecord;
    } catch (error) {
      throw new GovernanceStoreError({
        code: 'CORRUPT_RECORD',
        message: `RedisGovernanceStore ${this.description}: an intervention record is not valid JSON (${(error as Error).message}).`,
        cause: error,
      });
    }
    return consumedAt === '' ? record : { ...record, consumedAt };
  }

  private async run(what: string, script: Script, keys: string[], args: string[]): Promise<unknown> {
    const evalsha = ['EVALSHA', script.sha, String(keys.length), ...keys, ...args];
    try {
      return await this.send(evalsha);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw this.failure(what, error);
    }
    try {
      return await this.send(['EVAL', script.source, String(keys.length), ...keys, ...args]);
    } catch (error) {
      throw this.failure(what, error);
    }
  }

  private async command(what: string, args: string[]): Promise<unknown> {
    try {
      return await this.send(args);
    } catch (error) {
      throw this.failure(what, error);
    }
  }

  private send(args: string[]): Promise<unknown> {
    if (this.closed)
      return Promise.reject(
        new GovernanceStoreError({
          code: 'STORE_CLOSED',
          message: `RedisGovernanceStore ${this.description} is closed.`,
        }),
      );
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no answer within ${this.commandTimeoutMs} ms`)),
        this.commandTimeoutMs,
      );
      timer.unref?.();
      this.connection.send(args).then(
        (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  private failure(what: string, error: unknown): GovernanceStoreError {
    if (GovernanceStoreError.isInstance(error)) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new GovernanceStoreError({
      code: isReplyError(error) ? 'STORE_FAILED' : 'STORE_UNAVAILABLE',
      message: `RedisGovernanceStore ${this.description} could not ${what}: ${message}`,
      cause: error,
    });
  }
}
