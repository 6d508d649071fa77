// A daily budget holds across processes: this process spends through the middleware's ledger,
// then another process — its own engine, ledger connection and agent — is stopped by the budget
// (blocked, or paused for a person who answers through the shared intervention store).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { contextScope, createContext } from '@clearstone/core';
import { FileInterventionStore, InterventionClient, PolicyEngine } from '@clearstone/policy';
import { SpendLedger } from '@clearstone/policy/ledger';
import { AIMessage } from '@langchain/core/messages';
import { createAgent } from 'langchain';
import { clearstoneMiddleware } from '../src/middleware';
import { ask, blockAdminToolsForGuests, createTools, scriptedModel } from './fixtures';

const run = promisify(execFile);
const tsx = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
const fixture = join(__dirname, 'child-processes', 'budgeted-agent.ts');

interface Outcome {
  outcome: 'answered' | 'blocked';
  answer?: string;
  reason?: string;
}

/** A gpt-4o response of 2,000 input and 500 output tokens: $0.005 + $0.005 = $0.01. */
function gpt4o(message: { content: string; tool_calls?: AIMessage['tool_calls'] }): AIMessage {
  return new AIMessage({
    ...message,
    usage_metadata: { input_tokens: 2000, output_tokens: 500, total_tokens: 2500 },
    response_metadata: { model_name: 'gpt-4o-2024-08-06', model_provider: 'openai' },
  });
}

async function secondProcess(args: string[]): Promise<Outcome> {
  const { stdout } = await run(tsx, [fixture, ...args], {
    timeout: 60_000,
    env: { ...process.env, CLEARSTONE_TELEMETRY_DISABLED: '1' },
  });
  return JSON.parse(stdout) as Outcome;
}

describe('a user-day budget across processes', () => {
  let dir: string;
  let ledgerPath: string;
  let interventionsDir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clearstone-budget-'));
    ledgerPath = join(dir, 'spend.db');
    interventionsDir = join(dir, 'interventions');
    // The first process: alice's run makes two gpt-4o calls ($0.02), recorded by the middleware.
    const ledger = new SpendLedger(ledgerPath);
    const model = scriptedModel(
      gpt4o({ content: '', tool_calls: [{ id: 'call_1', name: 'search', args: { query: 'q' }, type: 'tool_call' }] }),
      gpt4o({ content: 'done' }),
    );
    const agent = createAgent({
      model,
      tools: createTools().all,
      middleware: [
        clearstoneMiddleware({ engine: new PolicyEngine({ policies: [blockAdminToolsForGuests] }), ledger }),
      ],
    });
    await contextScope(createContext({ userId: 'alice', agentId: 'first-process' }), () =>
      agent.invoke(ask('research')),
    );
    expect(ledger.userDay('alice').usd).toBeCloseTo(0.02, 12);
    ledger.close();
  }, 30_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('blocks the spender in another process and lets another user through', async () => {
    const [alice, bob] = await Promise.all([
      secondProcess([ledgerPath, 'alice', 'block', interventionsDir]),
      secondProcess([ledgerPath, 'bob', 'block', interventionsDir]),
    ]);
    expect(alice.outcome).toBe('blocked');
    expect(alice.reason).toMatch(
      /^Budget exceeded: \$0\.020* of \$0\.010* spent today \(UTC \d{4}-\d{2}-\d{2}\) by user 'alice'$/,
    );
    expect(bob).toEqual({ outcome: 'answered', answer: 'Here is your answer.' });
    // Bob's call was recorded too, by the other process.
    const ledger = new SpendLedger(ledgerPath);
    expect(ledger.userDay('bob')).toMatchObject({ calls: 1, tokens: 2500 });
    ledger.close();
  }, 90_000);

  it('with onExceed pause, asks a person through the interventions instead', async () => {
    const child = secondProcess([ledgerPath, 'alice', 'pause', interventionsDir]);
    const client = new InterventionClient({ store: new FileInterventionStore(interventionsDir), terminal: false });
    const deadline = Date.now() + 45_000;
    let pending = client.list({ status: 'pending' });
    while (pending.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      pending = client.list({ status: 'pending' });
    }
    expect(pending).toHaveLength(1);
    expect(pending[0].reason).toMatch(/^Budget exceeded: .* by user 'alice'$/);
    client.reject(pending[0].id, { by: 'budget owner' });
    const outcome = await child;
    expect(outcome.outcome).toBe('blocked');
    expect(outcome.reason).toMatch(/was not approved/);
  }, 90_000);
});
