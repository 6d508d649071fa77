/**
 * Throughput of one rate-limit check (`rateLimitPolicy` through `PolicyEngine`, sliding window,
 * a limit no call reaches) on each governance store: this process's memory, a SQLite file shared
 * by processes, and Redis over loopback — each against the floor of its own medium measured in the
 * same run: a bare in-memory counter, a raw better-sqlite3 `BEGIN IMMEDIATE` insert transaction,
 * and a Redis `PING` round trip (one at a time, then 64 in flight).
 *
 * Run: `pnpm bench -- governance-store` (a redis-server on a free port is started for the run,
 * AOF with `appendfsync everysec`, or `always` with `REDIS_APPENDFSYNC=always`; or `$REDIS_URL` is used). Args: [calls per measurement, default 20000].
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createContext } from '@clearstone/core';
import { MemoryGovernanceStore, PolicyEngine, SqliteGovernanceStore, type GovernanceStore } from '@clearstone/policy';
import { rateLimitPolicy } from '@clearstone/policy/builtins';
import { RedisGovernanceStore } from '@clearstone/policy-redis';
import { createClient } from 'redis';
import type * as RedisServerModule from '../scripts/redis-server.cjs';

const require = createRequire(import.meta.url);
const { startRedisServer } = require('../scripts/redis-server.cjs') as typeof RedisServerModule;

const calls = Number(process.argv[2] ?? 20_000);
const dir = mkdtempSync(join(tmpdir(), 'clearstone-governance-bench-'));

async function rate(label: string, count: number, run: (index: number) => unknown, inFlight = 1): Promise<number> {
  const started = performance.now();
  if (inFlight === 1) for (let index = 0; index < count; index++) await run(index);
  else {
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < count) await run(next++);
      }),
    );
  }
  const perSecond = count / ((performance.now() - started) / 1000);
  console.log(`${label.padEnd(58)} ${Math.round(perSecond).toLocaleString('en-US').padStart(10)} /s`);
  return perSecond;
}

function engineOver(store: GovernanceStore): PolicyEngine {
  return new PolicyEngine({
    policies: [rateLimitPolicy({ limit: 1_000_000_000, windowMs: 60_000, per: 'user', store })],
  });
}

const contexts = Array.from({ length: 100 }, (_, index) =>
  createContext({ userId: `user-${index}`, agentId: 'bench', metadata: { eventType: 'tool_call' } }),
);

const rows: string[] = [];
const row = (what: string, figure: number, floor: number, floorName: string): void => {
  rows.push(
    `| ${what} | ${Math.round(figure).toLocaleString('en-US')}/s | ${floorName} ${Math.round(floor).toLocaleString('en-US')}/s | ${(figure / floor).toFixed(2)}× |`,
  );
};

async function main(): Promise<void> {
  const fsync = process.env.REDIS_APPENDFSYNC === 'always' ? 'always' : 'everysec';
  const server = process.env.REDIS_URL === undefined ? await startRedisServer({ appendfsync: fsync }) : undefined;
  console.log(`Redis: ${process.env.REDIS_URL ?? `redis-server on loopback, AOF with appendfsync ${fsync}`}\n`);
  const url = process.env.REDIS_URL ?? server!.url;
  try {
    // In-process memory against a bare Map counter.
    const counters = new Map<string, number>();
    const bare = await rate('floor: Map counter (memory)', calls, (index) => {
      const key = contexts[index % 100].userId;
      counters.set(key, (counters.get(key) ?? 0) + 1);
    });
    const memoryEngine = engineOver(new MemoryGovernanceStore());
    const memory = await rate('rateLimitPolicy on MemoryGovernanceStore (evaluateSync)', calls, (index) =>
      memoryEngine.evaluateSync(contexts[index % 100]),
    );
    row('memory (in-process)', memory, bare, 'Map counter');

    // SQLite against a raw insert transaction on the same kind of file.
    const raw = new Database(join(dir, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec('CREATE TABLE hits (key TEXT NOT NULL, at_ms INTEGER NOT NULL)');
    const insert = raw.prepare('INSERT INTO hits (key, at_ms) VALUES (?, ?)');
    const insertOne = raw.transaction((key: string, at: number) => insert.run(key, at)).immediate;
    const sqliteFloor = await rate('floor: better-sqlite3 BEGIN IMMEDIATE + INSERT', calls, (index) =>
      insertOne(contexts[index % 100].userId, Date.now()),
    );
    raw.close();
    const sqliteStore = new SqliteGovernanceStore(join(dir, 'governance.db'));
    const sqliteEngine = engineOver(sqliteStore);
    const sqlite = await rate('rateLimitPolicy on SqliteGovernanceStore (evaluateSync)', calls, (index) =>
      sqliteEngine.evaluateSync(contexts[index % 100]),
    );
    sqliteStore.close();
    row('SQLite (one file, WAL)', sqlite, sqliteFloor, 'raw insert txn');

    // Redis over loopback against PING round trips.
    const client = createClient({ url });
    await client.connect();
    const redisCalls = Math.min(calls, 10_000);
    const ping1 = await rate('floor: Redis PING, one at a time', redisCalls, () => client.ping());
    const ping64 = await rate('floor: Redis PING, 64 in flight', redisCalls, () => client.ping(), 64);
    await client.quit();
    const redisStore = new RedisGovernanceStore({ url, prefix: `bench:${Date.now()}:` });
    const redisEngine = engineOver(redisStore);
    const redis1 = await rate('rateLimitPolicy on RedisGovernanceStore, one at a time', redisCalls, (index) =>
      redisEngine.evaluate(contexts[index % 100]),
    );
    const redis64 = await rate(
      'rateLimitPolicy on RedisGovernanceStore, 64 in flight',
      redisCalls,
      (index) => redisEngine.evaluate(contexts[index % 100]),
      64,
    );
    await redisStore.close();
    row('Redis over loopback, one at a time', redis1, ping1, 'PING');
    row('Redis over loopback, 64 in flight', redis64, ping64, 'PING');

    console.log('\n| backend | rate-limit checks | floor (same run) | ratio |\n|---|---|---|---|');
    for (const line of rows) console.log(line);
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
