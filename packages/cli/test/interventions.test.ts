import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PAUSE } from '@clearstone/core';
import { FileInterventionStore, InterventionClient } from '@clearstone/policy';
import { baseEnvironment, cliIn, requireBuiltCli, temporaryDirectory } from './helpers/run-cli-process';

// Each test runs the built CLI as child processes; a loaded machine needs more than Jest's default 5 s.
jest.setTimeout(60_000);

beforeAll(requireBuiltCli);

function agentSide(directory: string): InterventionClient {
  return new InterventionClient({ store: new FileInterventionStore(directory), terminal: false, pollIntervalMs: 20 });
}

describe('clearstone interventions', () => {
  it('lists pending interventions and approves one that a waiting agent then sees', async () => {
    const project = temporaryDirectory();
    const storeDir = join(project, '.clearstone/interventions');
    const agent = agentSide(storeDir);
    const payment = agent.requestIntervention(
      PAUSE('Payment of $5,000 needs approval', { metadata: { policyName: 'pause_large_payments' } }),
    );
    const email = agent.requestIntervention(PAUSE('Sending email to all customers'));
    const cli = cliIn(project);

    const table = await cli('interventions', 'list');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(payment.id);
    expect(table.stdout).toContain('Payment of $5,000 needs approval');
    const listed = JSON.parse((await cli('interventions', 'list', '--json')).stdout);
    expect(listed.map((record: { id: string; status: string }) => [record.id, record.status])).toEqual(
      expect.arrayContaining([
        [payment.id, 'pending'],
        [email.id, 'pending'],
      ]),
    );
    expect(listed).toHaveLength(2);

    const waiting = agent.waitForApproval(payment.id, { timeoutMs: 20_000 });
    const approved = await cli('interventions', 'approve', payment.id, '--by', 'alice', '--json');
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ id: payment.id, status: 'approved', decidedBy: 'alice' });
    await expect(waiting).resolves.toBe(true);

    const rejected = await cli('interventions', 'reject', email.id);
    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toContain(`Rejected ${email.id}`);
    expect(agent.get(email.id)).toMatchObject({ status: 'rejected', decidedBy: expect.stringMatching(/^cli:/) });

    const pending = JSON.parse((await cli('interventions', 'list', '--status', 'pending', '--json')).stdout);
    expect(pending).toEqual([]);
  });

  it('refuses to decide twice, unknown ids and a missing store (exit 1)', async () => {
    const project = temporaryDirectory();
    const storeDir = join(project, 'shared');
    const agent = agentSide(storeDir);
    const { id } = agent.requestIntervention(PAUSE('Delete production table'));
    const cli = cliIn(project, baseEnvironment(project, { CLEARSTONE_INTERVENTIONS_DIR: storeDir }));

    expect((await cli('interventions', 'reject', id)).code).toBe(0);
    const again = await cli('interventions', 'approve', id);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already rejected');
    expect(agent.get(id)?.status).toBe('rejected');

    const unknown = await cli('interventions', 'approve', 'intervention_nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No intervention 'intervention_nope'");

    const missing = await cli('interventions', 'list', '--store', 'no-such-dir');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No intervention store');
    expect(existsSync(join(project, 'no-such-dir'))).toBe(false);
  });

  it('needs an id (exit 2)', async () => {
    const project = temporaryDirectory();
    expect((await cliIn(project)('interventions', 'approve')).code).toBe(2);
  });
});
