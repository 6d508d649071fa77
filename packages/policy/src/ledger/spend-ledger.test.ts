import { execFile } from 'node:child_process';
import type * as NodeModule from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SpendLedgerError } from '../errors/spend-ledger-error';
import { SpendLedger } from './spend-ledger';
import type * as SpendLedgerModule from './spend-ledger';

const run = promisify(execFile);
const tsx = join(__dirname, '..', '..', '..', '..', 'node_modules', '.bin', 'tsx');
const fixture = join(__dirname, '..', '..', 'test', 'fixtures', 'record-spend.ts');

describe('SpendLedger', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clearstone-ledger-'));
    path = join(dir, 'spend.db');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("sums a user's UTC day and a session, counting unknown costs apart", () => {
    const ledger = new SpendLedger(path);
    const today = Date.UTC(2025, 10, 24, 10);
    ledger.record({ userId: 'alice', sessionId: 's1', usd: 0.25, tokens: 1000, at: today });
    ledger.record({ userId: 'alice', sessionId: 's2', usd: 0.5, tokens: 500, at: Date.UTC(2025, 10, 24, 23, 59) });
    ledger.record({ userId: 'alice', sessionId: 's1', tokens: 300, at: today, model: 'acme-unknown' });
    ledger.record({ userId: 'alice', sessionId: 's1', usd: 9, tokens: 1, at: Date.UTC(2025, 10, 25, 0, 0) });
    ledger.record({ userId: 'bob', sessionId: 's3', usd: 1, tokens: 1, at: today });
    expect(ledger.userDay('alice', today)).toEqual({ usd: 0.75, tokens: 1800, calls: 3, unknownCostCalls: 1 });
    expect(ledger.userDay('alice', new Date(Date.UTC(2025, 10, 25, 12)))).toMatchObject({ usd: 9, calls: 1 });
    expect(ledger.session('s1')).toEqual({ usd: 9.25, tokens: 1301, calls: 3, unknownCostCalls: 1 });
    expect(ledger.userDay('carol', today)).toEqual({ usd: 0, tokens: 0, calls: 0, unknownCostCalls: 0 });
    ledger.close();
    // The spend outlives the process that recorded it.
    const reopened = new SpendLedger(path);
    expect(reopened.userDay('alice', today).usd).toBe(0.75);
    reopened.close();
  });

  it('keeps every call written by several processes at once', async () => {
    new SpendLedger(path).close();
    const writers = [1, 2, 3].map(() => run(tsx, [fixture, path, 'alice', '40', '0.01'], { timeout: 60_000 }));
    const outputs = await Promise.all(writers);
    expect(outputs.map(({ stdout }) => stdout.trim())).toEqual(['recorded', 'recorded', 'recorded']);
    const ledger = new SpendLedger(path);
    const today = ledger.userDay('alice');
    expect(today.calls).toBe(120);
    expect(today.tokens).toBe(12_000);
    expect(today.usd).toBeCloseTo(1.2, 9);
    ledger.close();
  }, 90_000);

  it('rejects bad entries and use after close with coded errors', () => {
    const ledger = new SpendLedger(path);
    const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT' });
    expect(() => ledger.record({ userId: '', tokens: 1 })).toThrow(invalid);
    expect(() => ledger.record({ userId: 'alice', usd: -1, tokens: 1 })).toThrow(invalid);
    expect(() => ledger.record({ userId: 'alice', tokens: Number.NaN })).toThrow(invalid);
    expect(() => new SpendLedger('')).toThrow(invalid);
    ledger.close();
    ledger.close();
    expect(() => ledger.userDay('alice')).toThrow(expect.objectContaining({ code: 'LEDGER_CLOSED' }));
    expect(() => new SpendLedger(join(dir, 'missing', 'dir', 'spend.db'))).toThrow(
      expect.objectContaining({ code: 'LEDGER_FAILED' }),
    );
  });

  it('says how to install better-sqlite3 when it is missing', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const nodeModule = require('node:module') as typeof NodeModule;
      const spy = jest.spyOn(nodeModule, 'createRequire').mockReturnValue(((name: string) => {
        throw new Error(`Cannot find module '${name}'`);
      }) as unknown as NodeJS.Require);
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const isolated = require('./spend-ledger') as typeof SpendLedgerModule;
        let error: unknown;
        try {
          new isolated.SpendLedger(path);
        } catch (thrown) {
          error = thrown;
        }
        expect(SpendLedgerError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ code: 'MISSING_DEPENDENCY' });
        expect((error as Error).message).toContain('npm install better-sqlite3');
      } finally {
        spy.mockRestore();
      }
    });
  });
});
