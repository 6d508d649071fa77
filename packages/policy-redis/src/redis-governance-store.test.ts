import { randomUUID } from 'node:crypto';
import { PAUSE, createContext } from '@clearstone/core';
import { InterventionClient, PolicyEngine, type InterventionRecord } from '@clearstone/policy';
import { rateLimitPolicy } from '@clearstone/policy/builtins';
import IoRedis from 'ioredis';
import { createClient } from 'redis';
import { startRedisServer, testRedis } from '../test/redis';
import { RedisGovernanceStore } from './redis-governance-store';

let redis: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  redis = await testRedis();
}, 30_000);

afterAll(async () => {
  await redis.stop();
});

const prefix = (): string => `test:${randomUUID()}:`;

function record(id: string, createdAt: string, extra: Partial<InterventionRecord> = {}): InterventionRecord {
  return { id, status: 'pending', reason: 'why', metadata: { list: [], nested: {} }, createdAt, ...extra };
}

describe('RedisGovernanceStore', () => {
  it('counts a sliding window exactly and says when to retry', async () => {
    const store = new RedisGovernanceStore({ url: redis.url, prefix: prefix() });
    const t = 1_700_000_000_000;
    const take = (now: number) => store.takeRateSlot({ key: 'alice', limit: 2, windowMs: 1000, now });
    await expect(take(t)).resolves.toEqual({ allowed: true, count: 1 });
    await expect(take(t + 100)).resolves.toEqual({ allowed: true, count: 2 });
    await expect(take(t + 200)).resolves.toEqual({ allowed: false, count: 2, retryAfterMs: 800 });
    await expect(store.rateCount('alice', 1000, t + 200)).resolves.toBe(2);
    // The first call leaves the window at t + 1000: one slot again, not two (no fixed-window burst).
    await expect(take(t + 1000)).resolves.toEqual({ allowed: true, count: 2 });
    await expect(take(t + 1001)).resolves.toMatchObject({ allowed: false });
    await expect(store.rateCount('bob', 1000, t)).resolves.toBe(0);
    await store.close();
  });

  it('sums spend per user day and per session, unknown costs apart', async () => {
    const store = new RedisGovernanceStore({ url: redis.url, prefix: prefix() });
    const day = Date.UTC(2025, 10, 24, 10);
    await store.recordSpend({ userId: 'alice', sessionId: 's1', usd: 0.25, tokens: 1000, at: day });
    await store.recordSpend({ userId: 'alice', sessionId: 's1', tokens: 300, at: day });
    await store.recordSpend({ userId: 'alice', usd: 1, tokens: 5, at: Date.UTC(2025, 10, 25, 1) });
    await expect(store.userDaySpend('alice', '2025-11-24')).resolves.toEqual({
      usd: 0.25,
      tokens: 1300,
      calls: 2,
      unknownCostCalls: 1,
    });
    await expect(store.sessionSpend('s1')).resolves.toMatchObject({ calls: 2, tokens: 1300 });
    await expect(store.userDaySpend('nobody', '2025-11-24')).resolves.toEqual({
      usd: 0,
      tokens: 0,
      calls: 0,
      unknownCostCalls: 0,
    });
    await expect(store.recordSpend({ userId: '', tokens: 1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await store.close();
  });

  it('keeps interventions, lists them oldest first and lets an approval be consumed once', async () => {
    const store = new RedisGovernanceStore({ url: redis.url, prefix: prefix() });
    await store.putIntervention(record('b', '2025-11-24T10:00:01.000Z'));
    await store.putIntervention(record('a', '2025-11-24T10:00:00.000Z'));
    expect((await store.listInterventions()).map((entry) => entry.id)).toEqual(['a', 'b']);
    await expect(store.getIntervention('a')).resolves.toEqual(record('a', '2025-11-24T10:00:00.000Z'));
    await expect(store.consumeIntervention('a', 'now')).resolves.toBeUndefined();
    await store.putIntervention(record('a', '2025-11-24T10:00:00.000Z', { status: 'approved' }));
    const consumed = await Promise.all([1, 2, 3, 4].map(() => store.consumeIntervention('a', '2025-11-24T11:00:00Z')));
    expect(consumed.filter((entry) => entry !== undefined)).toHaveLength(1);
    await expect(store.getIntervention('a')).resolves.toMatchObject({ consumedAt: '2025-11-24T11:00:00Z' });
    await expect(store.getIntervention('missing')).resolves.toBeUndefined();
    await store.close();
  });

  it('works with a node-redis client and an ioredis client given to it, leaving them open', async () => {
    const nodeRedis = createClient({ url: redis.url });
    await nodeRedis.connect();
    const ioredis = new IoRedis(redis.url);
    const shared = prefix();
    for (const client of [nodeRedis, ioredis]) {
      const store = new RedisGovernanceStore({ client, prefix: shared });
      await store.takeRateSlot({ key: 'k', limit: 10, windowMs: 60_000, now: Date.now() });
      await store.close();
    }
    const store = new RedisGovernanceStore({ client: ioredis, prefix: shared });
    await expect(store.rateCount('k', 60_000, Date.now())).resolves.toBe(2);
    await nodeRedis.quit();
    ioredis.disconnect();
  });

  it('gives rateLimitPolicy exact counts under 1,000 concurrent calls in one process', async () => {
    const store = new RedisGovernanceStore({ url: redis.url, prefix: prefix() });
    const engine = new PolicyEngine({ policies: [rateLimitPolicy({ limit: 500, windowMs: 60_000, store })] });
    const decisions = await Promise.all(
      Array.from({ length: 1000 }, () => engine.evaluate(createContext({ userId: 'u', agentId: 'a' }))),
    );
    expect(decisions.filter((decision) => decision.action === 'allow')).toHaveLength(500);
    expect(decisions.find((decision) => decision.action === 'block')?.reason).toMatch(
      /^Rate limit exceeded: 500 of 500 call calls in 1min for user 'u'/,
    );
    await store.close();
  }, 30_000);

  it('lets an InterventionClient approve from one client what another waits for', async () => {
    const shared = prefix();
    const agentSide = new InterventionClient({
      store: new RedisGovernanceStore({ url: redis.url, prefix: shared }),
      terminal: false,
      pollIntervalMs: 20,
    });
    const reviewer = new InterventionClient({
      store: new RedisGovernanceStore({ url: redis.url, prefix: shared }),
      terminal: false,
    });
    const { id } = await agentSide.requestIntervention(PAUSE('Refund $900'));
    const waiting = agentSide.waitForApproval(id, { timeoutMs: 10_000 });
    expect((await reviewer.list({ status: 'pending' })).map((entry) => entry.id)).toEqual([id]);
    await reviewer.approve(id, { by: 'carol' });
    await expect(waiting).resolves.toBe(true);
    await expect(agentSide.waitForApproval(id)).resolves.toBe(false);
    await expect(reviewer.get(id)).resolves.toMatchObject({ status: 'approved', decidedBy: 'carol' });
    await agentSide.store.close();
    await reviewer.store.close();
  });

  it('fails fast with STORE_UNAVAILABLE while Redis is down, and counts again once it is back', async () => {
    const server = await startRedisServer();
    const store = new RedisGovernanceStore({ url: server.url, prefix: 'down:', commandTimeoutMs: 1000 });
    const now = Date.now();
    for (let call = 0; call < 3; call++) await store.takeRateSlot({ key: 'k', limit: 5, windowMs: 600_000, now });
    await server.kill();
    const started = Date.now();
    await expect(store.takeRateSlot({ key: 'k', limit: 5, windowMs: 600_000, now })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.stringContaining(`redis://127.0.0.1:${server.port}`),
    });
    expect(Date.now() - started).toBeLessThan(5000);
    const restarted = await startRedisServer({ port: server.port, dir: server.dir });
    let count: number | undefined;
    for (let attempt = 0; attempt < 100 && count === undefined; attempt++) {
      count = await store.rateCount('k', 600_000, now).catch(() => undefined);
      if (count === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(count).toBe(3);
    await store.close();
    await restarted.stop();
  }, 60_000);

  it('rejects bad options with coded errors', () => {
    expect(() => new RedisGovernanceStore({})).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => new RedisGovernanceStore({ url: 'http://x' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => new RedisGovernanceStore({ client: {} })).toThrow(expect.objectContaining({ code: 'STORE_FAILED' }));
    expect(() => new RedisGovernanceStore({ url: 'redis://127.0.0.1:1', commandTimeoutMs: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
