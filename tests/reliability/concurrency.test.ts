// Concurrency: several processes write one trace database while another reads it; many async
// contexts evaluate policies at once.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  ALERT,
  ActionType,
  BLOCK,
  contextScope,
  createContext,
  getCurrentContext,
  type PolicyContext,
} from '@clearstone/core';
import { PolicyEngine, definePolicy } from '@clearstone/policy';
import { lastJson, runChild, startChild } from './support/run-child';
import { seededRandom, suiteSeed } from './support/seeded-random';
import { makeTempDir } from './support/temp-dir';
import { testTimeout } from './support/test-timeout';

const WRITERS = 4;
const SPANS_PER_WRITER = Number(process.env.RELIABILITY_SPANS_PER_WRITER ?? 20_000);
const temp = makeTempDir('concurrency');
afterAll(() => temp.remove());
jest.setTimeout(testTimeout(120_000));

interface WriterReport {
  type: 'done';
  stats: { queued: number; written: number; dropped: number; exportFailed: number };
  warnings: string[];
}

describe(`${WRITERS} processes × ${SPANS_PER_WRITER} spans into one database, with a reader`, () => {
  it('loses no span and lets no SQLITE_BUSY reach the writers or the reader', async () => {
    const dbPath = path.join(temp.path, 'shared.db');
    const reader = startChild('trace-reader.ts', [dbPath]);
    const writers = Array.from({ length: WRITERS }, (_, worker) =>
      runChild('concurrent-writer.ts', [dbPath, String(SPANS_PER_WRITER), String(worker)]),
    );
    const results = await Promise.all(writers);
    writeFileSync(`${dbPath}.stop`, '');
    await reader.exited;
    await new Promise((resolve) => setImmediate(resolve));

    for (const result of results) {
      expect(result.stderr).not.toMatch(/SQLITE_BUSY|database is locked/);
      expect(result.status).toBe(0);
      const report = lastJson<WriterReport>(result.lines, 'done');
      expect(report?.stats).toEqual({ queued: 0, written: SPANS_PER_WRITER, dropped: 0, exportFailed: 0 });
      expect(report?.warnings).toEqual([]);
    }
    const readerReport = lastJson<{ queries: number; errors: string[] }>(reader.lines, 'reader');
    expect(readerReport?.errors).toEqual([]);
    expect(readerReport?.queries).toBeGreaterThan(0);

    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM spans').pluck().get()).toBe(WRITERS * SPANS_PER_WRITER);
      const perWorker = db
        .prepare(
          "SELECT json_extract(attributes, '$.worker') AS worker, count(DISTINCT json_extract(attributes, '$.seq')) AS spans FROM spans GROUP BY worker ORDER BY worker",
        )
        .all();
      expect(perWorker).toEqual(Array.from({ length: WRITERS }, (_, worker) => ({ worker, spans: SPANS_PER_WRITER })));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    console.log(
      `concurrency figures: ${WRITERS * SPANS_PER_WRITER} spans from ${WRITERS} processes, ${readerReport?.queries} reader query rounds`,
    );
  });
});

describe('1000 concurrent async contexts evaluating policies', () => {
  it('each evaluation sees its own context, in every async policy, across awaits and timers', async () => {
    const random = seededRandom(suiteSeed(7));
    const delays = Array.from({ length: 1000 }, () => Math.floor(random() * 4));
    const pause = (ms: number) =>
      ms === 0 ? new Promise((resolve) => setImmediate(resolve)) : new Promise((resolve) => setTimeout(resolve, ms));
    const sameContext = (ctx: PolicyContext, where: string) => {
      if (getCurrentContext() !== ctx) throw new Error(`ambient context differs from the argument ${where}`);
    };
    const engine = new PolicyEngine({
      policyTimeoutMs: 5000,
      policies: [
        definePolicy({ name: 'first_async', priority: 20 }, async (ctx) => {
          sameContext(ctx, 'before await');
          await pause(Number(ctx.metadata.delay));
          sameContext(ctx, 'after await');
          return ALERT(`first saw ${ctx.userId}`);
        }),
        definePolicy({ name: 'second_async', priority: 10 }, async (ctx) => {
          await Promise.all([pause(Number(ctx.metadata.delay)), pause(0)]);
          sameContext(ctx, 'after Promise.all');
          return Number(ctx.metadata.index) % 10 === 0
            ? BLOCK(`blocked ${ctx.userId}`)
            : ALERT(`second saw ${ctx.userId}`);
        }),
      ],
    });
    const decisions = await Promise.all(
      delays.map((delay, index) => {
        const ctx = createContext({ userId: `user-${index}`, agentId: 'agent', metadata: { index, delay } });
        return contextScope(ctx, () => engine.evaluate());
      }),
    );
    const wrong = decisions
      .map((decision, index) => {
        const user = `user-${index}`;
        if (index % 10 === 0)
          return decision.action === ActionType.BLOCK && decision.reason === `blocked ${user}` ? undefined : index;
        const alerts = decision.metadata.alerts as Array<{ reason: string }>;
        return decision.action === ActionType.ALERT &&
          alerts.map((alert) => alert.reason).join('|') === `first saw ${user}|second saw ${user}`
          ? undefined
          : index;
      })
      .filter((index) => index !== undefined);
    expect(wrong).toEqual([]);
    expect(engine.auditTrail.summary().totalDecisions).toBe(2000);
  });
});
