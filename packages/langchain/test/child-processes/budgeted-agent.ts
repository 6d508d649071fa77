// Run as a separate process by the budget tests: an agent whose model calls are governed by a
// daily budget read from a SpendLedger file that another process spent. Prints what became of
// the request as JSON: { outcome: 'answered' | 'blocked', answer?, reason? }.
// Arguments: ledger path, user id, onExceed ('block' | 'pause'), intervention store directory.
import { contextScope, createContext } from '@clearstone/core';
import { FileInterventionStore, InterventionClient, PolicyEngine } from '@clearstone/policy';
import { budgetPolicy } from '@clearstone/policy/builtins';
import { SpendLedger } from '@clearstone/policy/ledger';
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { createAgent } from 'langchain';
import { clearstoneMiddleware, getPolicyViolation } from '../../src/middleware';

const [ledgerPath, userId, onExceed, interventionsDir] = process.argv.slice(2);
const ledger = new SpendLedger(ledgerPath);
const engine = new PolicyEngine({
  policies: [budgetPolicy({ usd: 0.01, per: 'user-day', ledger, onExceed: onExceed as 'block' | 'pause' })],
});
const interventions = new InterventionClient({
  store: new FileInterventionStore(interventionsDir),
  pollIntervalMs: 20,
  terminal: false,
});
const model = fakeModel().respond(
  new AIMessage({
    content: 'Here is your answer.',
    usage_metadata: { input_tokens: 2000, output_tokens: 500, total_tokens: 2500 },
    response_metadata: { model_name: 'gpt-4o-2024-08-06', model_provider: 'openai' },
  }),
);
const agent = createAgent({
  model,
  tools: [],
  middleware: [clearstoneMiddleware({ engine, ledger, interventions, approvalTimeoutMs: 30_000 })],
});
const ctx = createContext({ userId, agentId: 'budgeted-agent', sessionId: `${userId}-second-process` });
try {
  const result = await contextScope(ctx, () =>
    agent.invoke({ messages: [{ role: 'user', content: 'One more question.' }] }),
  );
  process.stdout.write(JSON.stringify({ outcome: 'answered', answer: result.messages.at(-1)?.content }));
} catch (error) {
  const violation = getPolicyViolation(error);
  if (violation === undefined) throw error;
  process.stdout.write(JSON.stringify({ outcome: 'blocked', reason: violation.decision.reason }));
} finally {
  ledger.close();
}
