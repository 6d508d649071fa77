import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ALLOW, PAUSE, createContext } from '@clearstone/core';
import { PolicyEngine } from '../src/engine/policy-engine';
import { FileInterventionStore, InterventionClient } from '../src/intervention';
import { definePolicy } from '../src/policy/define-policy';

const tsx = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
const fixture = join(__dirname, 'fixtures', 'decide-intervention.ts');

function decideInAnotherProcess(directory: string, verdict: 'approve' | 'reject'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [fixture, directory, verdict], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(output.trim()) : reject(new Error(`child exited ${code}: ${output}`)),
    );
  });
}

const largePayments = definePolicy({ name: 'large_payments', priority: 10 }, (ctx) =>
  Number(ctx.metadata.amount) > 1000 ? PAUSE(`Payment of ${String(ctx.metadata.amount)} needs approval`) : ALLOW,
);

describe('intervention across processes (FileInterventionStore)', () => {
  it('a waiting agent is approved by another process', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'clearstone-interventions-'));
    const client = new InterventionClient({
      store: new FileInterventionStore(directory),
      pollIntervalMs: 20,
      terminal: false,
    });
    const ctx = createContext({ userId: 'u1', agentId: 'payments', metadata: { amount: 5000 } });
    const decision = new PolicyEngine({ policies: [largePayments] }).evaluateSync(ctx);
    const { id } = client.requestIntervention(decision, { context: ctx });
    const approver = decideInAnotherProcess(directory, 'approve');
    await expect(client.waitForApproval(id, { timeoutMs: 20_000 })).resolves.toBe(true);
    await expect(approver).resolves.toBe(`approved ${id}`);
    expect(client.get(id)).toMatchObject({
      status: 'approved',
      decidedBy: expect.stringMatching(/^process \d+$/),
      consumedAt: expect.any(String),
    });
  });

  it('a rejection from another process resolves false', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'clearstone-interventions-'));
    const client = new InterventionClient({
      store: new FileInterventionStore(directory),
      pollIntervalMs: 20,
      terminal: false,
    });
    const decision = PAUSE('delete_user needs approval');
    const { id } = client.requestIntervention(decision);
    const rejecter = decideInAnotherProcess(directory, 'reject');
    await expect(client.waitForApproval(id, { timeoutMs: 20_000 })).resolves.toBe(false);
    await rejecter;
    expect(client.get(id)?.status).toBe('rejected');
  });

  it('after a timeout, an approval given later lets the re-run action through exactly once', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'clearstone-interventions-'));
    const store = new FileInterventionStore(directory);
    const client = new InterventionClient({ store, pollIntervalMs: 20, terminal: false });
    const engine = new PolicyEngine({ policies: [largePayments] });
    const runAgent = async () => {
      const ctx = createContext({ userId: 'u1', agentId: 'payments', metadata: { amount: 5000, to: 'acme' } });
      const decision = engine.evaluateSync(ctx);
      const { id } = client.requestIntervention(decision, { context: ctx });
      return { id, approved: await client.waitForApproval(id, { timeoutMs: 50 }) };
    };
    const first = await runAgent();
    expect(first.approved).toBe(false);
    expect(client.get(first.id)?.status).toBe('pending');
    await promisify(execFile)(tsx, [fixture, directory, 'approve']);
    const second = await runAgent();
    expect(second).toEqual({ id: first.id, approved: true });
    const third = await runAgent();
    expect(third.approved).toBe(false);
    expect(third.id).not.toBe(first.id);
    expect(store.list().map((record) => record.status)).toEqual(['approved', 'pending']);
  });
});
