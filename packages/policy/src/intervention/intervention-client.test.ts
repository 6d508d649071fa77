import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ALLOW, PAUSE, createContext } from '@clearstone/core';
import { FileInterventionStore } from './file-intervention-store';
import { InterventionClient } from './intervention-client';

function terminalClient(answer: string | null) {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString();
  });
  if (answer === null) input.end();
  else input.write(`${answer}\n`);
  const client = new InterventionClient({ terminal: true, input, output, pollIntervalMs: 10 });
  return { client, printed: () => printed };
}

describe('InterventionClient', () => {
  it('stores a pending intervention with the reason', () => {
    const client = new InterventionClient();
    const record = client.requestIntervention(
      PAUSE('Refund over limit', { interventionId: 'intervention_1', metadata: { amount: 500 } }),
    );
    expect(record).toMatchObject({
      id: 'intervention_1',
      status: 'pending',
      reason: 'Refund over limit',
      metadata: { amount: 500, interventionId: 'intervention_1' },
    });
    expect(client.list()).toEqual([record]);
    expect(() => client.requestIntervention(ALLOW)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('approves on a "yes" typed at the terminal, asking once', async () => {
    const { client, printed } = terminalClient('yes');
    const { id } = client.requestIntervention(PAUSE('Delete user 42'));
    await expect(client.waitForApproval(id, { timeoutMs: 5000 })).resolves.toBe(true);
    expect(client.get(id)).toMatchObject({ status: 'approved', decidedBy: 'terminal' });
    expect(printed()).toContain('Reason: Delete user 42');
    expect(printed().match(/Approve action for intervention/g)).toHaveLength(1);
  });

  it('rejects on "no", and on end of input', async () => {
    const no = terminalClient('no');
    const first = no.client.requestIntervention(PAUSE('x'));
    await expect(no.client.waitForApproval(first.id, { timeoutMs: 5000, prompt: 'OK? ' })).resolves.toBe(false);
    expect(no.client.get(first.id)?.status).toBe('rejected');
    expect(no.printed()).toContain('OK? ');
    const eof = terminalClient(null);
    const second = eof.client.requestIntervention(PAUSE('y'));
    await expect(eof.client.waitForApproval(second.id, { timeoutMs: 5000 })).resolves.toBe(false);
    expect(eof.client.get(second.id)?.status).toBe('rejected');
  });

  it('is approved in-process while waiting, and the approval is single-use', async () => {
    const client = new InterventionClient({ terminal: false, pollIntervalMs: 10_000 });
    const { id } = client.requestIntervention(PAUSE('x'));
    const waiting = client.waitForApproval(id, { timeoutMs: 5000 });
    client.approve(id);
    await expect(waiting).resolves.toBe(true);
    await expect(client.waitForApproval(id)).resolves.toBe(false);
  });

  it('fails closed on timeout, abort and unknown ids', async () => {
    const client = new InterventionClient({ terminal: false, pollIntervalMs: 10 });
    const { id } = client.requestIntervention(PAUSE('x'));
    await expect(client.waitForApproval(id, { timeoutMs: 30 })).resolves.toBe(false);
    const controller = new AbortController();
    const waiting = client.waitForApproval(id, { signal: controller.signal });
    controller.abort();
    await expect(waiting).resolves.toBe(false);
    await expect(client.waitForApproval('intervention_unknown')).resolves.toBe(false);
    expect(() => client.approve('intervention_unknown')).toThrow(
      expect.objectContaining({ code: 'INTERVENTION_NOT_FOUND' }),
    );
    expect(client.get(id)?.status).toBe('pending');
  });

  it('recognises a re-run of the same action by its context and reuses its intervention', () => {
    const client = new InterventionClient({ terminal: false });
    const ctx = createContext({ userId: 'u', agentId: 'a', metadata: { toolName: 'delete_user', userToDelete: 42 } });
    const first = client.requestIntervention(PAUSE('delete'), { context: ctx });
    const rerun = client.requestIntervention(PAUSE('delete'), {
      context: createContext({ userId: 'u', agentId: 'a', metadata: { userToDelete: 42, toolName: 'delete_user' } }),
    });
    const other = client.requestIntervention(PAUSE('delete'), {
      context: createContext({ userId: 'u', agentId: 'a', metadata: { toolName: 'delete_user', userToDelete: 43 } }),
    });
    expect(rerun.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
  });
});

describe('FileInterventionStore', () => {
  it('keeps one JSON file per intervention, written atomically, and lists them oldest first', () => {
    const directory = mkdtempSync(join(tmpdir(), 'clearstone-store-'));
    const store = new FileInterventionStore(directory);
    const client = new InterventionClient({ store, terminal: false });
    client.requestIntervention(PAUSE('first', { interventionId: 'intervention_a' }));
    client.requestIntervention(PAUSE('second', { interventionId: 'intervention_b' }));
    client.reject('intervention_a');
    expect(readdirSync(directory).sort()).toEqual(['intervention_a.json', 'intervention_b.json']);
    expect(JSON.parse(readFileSync(join(directory, 'intervention_a.json'), 'utf8'))).toMatchObject({
      status: 'rejected',
      reason: 'first',
    });
    expect(new FileInterventionStore(directory).list().map((record) => record.id)).toEqual([
      'intervention_a',
      'intervention_b',
    ]);
  });

  it('refuses ids that could escape the directory', () => {
    const store = new FileInterventionStore(mkdtempSync(join(tmpdir(), 'clearstone-store-')));
    const client = new InterventionClient({ store });
    expect(() => client.requestIntervention(PAUSE('x', { interventionId: '../../etc/passwd' }))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(store.get('../../etc/passwd')).toBeUndefined();
  });
});
