import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, PAUSE } from '@clearstone/core';
import { rateLimitPolicy } from '../builtins/cost/rate-limit-policy';
import { dailyCostLimitPolicy } from '../builtins/cost/daily-cost-limit-policy';
import { PolicyEngine } from '../engine';
import { InterventionClient } from '../intervention/intervention-client';
import { SpendLedger } from '../ledger/spend-ledger';
import { MemoryGovernanceStore } from './memory-governance-store';
import { SqliteGovernanceStore } from './sqlite-governance-store';
import type { RateSlot, SyncGovernanceStore } from './types';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clearstone-governance-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const stores: Array<[string, () => SyncGovernanceStore]> = [
  ['memory', () => new MemoryGovernanceStore()],
  ['SQLite', () => new SqliteGovernanceStore(join(dir, 'governance.db'))],
];

describe.each(stores)('%s governance store', (_name, open) => {
  it('counts a sliding window exactly, with no burst at a window boundary', () => {
    const store = open();
    const t = 1_700_000_000_000;
    const take = (now: number): RateSlot => store.takeRateSlot({ key: 'k', limit: 2, windowMs: 1000, now });
    expect(take(t)).toEqual({ allowed: true, count: 1 });
    expect(take(t + 900)).toEqual({ allowed: true, count: 2 });
    expect(take(t + 950)).toEqual({ allowed: false, count: 2, retryAfterMs: 50 });
    expect(take(t + 1000)).toEqual({ allowed: true, count: 2 });
    expect(take(t + 1001)).toMatchObject({ allowed: false });
    expect(store.rateCount('k', 1000, t + 1001)).toBe(2);
    expect(() => take(Number.NaN)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    store.close();
    expect(() => take(t)).toThrow(expect.objectContaining({ code: 'STORE_CLOSED' }));
  });

  it('consumes an approval once', () => {
    const store = open();
    const client = new InterventionClient({ store, terminal: false });
    const { id } = client.requestIntervention(PAUSE('Refund $900'));
    expect(client.list({ status: 'pending' }).map((record) => record.id)).toEqual([id]);
    client.approve(id, { by: 'carol' });
    expect(store.consumeIntervention(id, '2025-11-24T00:00:00Z')).toMatchObject({ id, status: 'approved' });
    expect(store.consumeIntervention(id, '2025-11-24T00:00:01Z')).toBeUndefined();
    expect(client.get(id)).toMatchObject({ consumedAt: '2025-11-24T00:00:00Z', decidedBy: 'carol' });
    store.close();
  });
});

describe('rateLimitPolicy', () => {
  const ctx = (metadata: Record<string, unknown> = {}, userId = 'alice') =>
    createContext({ userId, agentId: 'bot', metadata });

  it('counts the calls it allows, tool and model calls apart, per user', () => {
    const engine = new PolicyEngine({ policies: [rateLimitPolicy({ limit: 2, windowMs: 60_000 })] });
    const tool = { eventType: 'tool_call', toolName: 'search' };
    expect(engine.evaluateSync(ctx(tool)).action).toBe('allow');
    expect(engine.evaluateSync(ctx(tool)).action).toBe('allow');
    const blocked = engine.evaluateSync(ctx(tool));
    expect(blocked.action).toBe('block');
    expect(blocked.reason).toBe("Rate limit exceeded: 2 of 2 tool_call calls in 1min for user 'alice'");
    expect(blocked.metadata).toMatchObject({ rateCount: 2, rateLimit: 2, windowMs: 60_000 });
    expect(engine.evaluateSync(ctx({ eventType: 'model_call' })).action).toBe('allow');
    expect(engine.evaluateSync(ctx(tool, 'bob')).action).toBe('allow');
  });

  it('keeps counting across processes and restarts through a SQLite store', () => {
    const path = join(dir, 'limits.db');
    const policy = () =>
      rateLimitPolicy({ limit: 3, windowMs: 3_600_000, per: 'session', store: new SqliteGovernanceStore(path) });
    const first = new PolicyEngine({ policies: [policy()] });
    const session = createContext({ userId: 'u', agentId: 'a', sessionId: 's1' });
    expect([1, 2].map(() => first.evaluateSync(session).action)).toEqual(['allow', 'allow']);
    const second = new PolicyEngine({ policies: [policy()] });
    expect([1, 2].map(() => second.evaluateSync(session).action)).toEqual(['allow', 'block']);
  });

  it("still compares a caller's rateCount, counting nothing", () => {
    const engine = new PolicyEngine({ policies: [rateLimitPolicy({ rateLimit: 100 })] });
    expect(engine.evaluateSync(ctx({ rateCount: 105 })).reason).toBe('Rate limit exceeded: 105 > 100');
    expect(engine.evaluateSync(ctx({ rateCount: 100 })).action).toBe('allow');
  });

  it('fails closed when the store fails, or allows with an ALERT when told to', () => {
    const broken = new MemoryGovernanceStore();
    broken.close();
    const closed = rateLimitPolicy({ limit: 1, windowMs: 1000, store: broken });
    const open = rateLimitPolicy({ limit: 1, windowMs: 1000, store: broken, onStoreError: 'allow', name: 'soft' });
    const block = new PolicyEngine({ policies: [closed] }).evaluateSync(ctx());
    expect(block.action).toBe('block');
    expect(block.reason).toMatch(
      /^Rate limit store memory failed \(STORE_CLOSED\): .*call blocked \(onStoreError: 'block'\)$/,
    );
    expect(new PolicyEngine({ policies: [open] }).evaluateSync(ctx()).action).toBe('alert');
  });

  it('rejects bad options', () => {
    expect(() => rateLimitPolicy({ limit: 5 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => rateLimitPolicy({ limit: 5, windowMs: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => rateLimitPolicy({ limit: 5, windowMs: 10, per: 'planet' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

describe('spend through a store', () => {
  it('daily_cost_limit reads what every process recorded today', () => {
    const path = join(dir, 'spend.db');
    new SpendLedger(path).record({ userId: 'alice', usd: 2, tokens: 10 });
    const engine = new PolicyEngine({
      policies: [dailyCostLimitPolicy({ dailyCostLimit: 1, store: new SqliteGovernanceStore(path) })],
    });
    expect(engine.evaluateSync(createContext({ userId: 'alice', agentId: 'a' })).reason).toBe(
      'Daily cost limit exceeded: $2.00 > $1.00',
    );
    expect(engine.evaluateSync(createContext({ userId: 'bob', agentId: 'a' })).action).toBe('allow');
  });

  it('refuses a file that is not a database with a coded error', () => {
    const path = join(dir, 'not-a-db.db');
    writeFileSync(path, 'hello, this is not SQLite'.repeat(100));
    expect(() => new SqliteGovernanceStore(path)).toThrow(expect.objectContaining({ code: 'STORE_FAILED' }));
  });
});
