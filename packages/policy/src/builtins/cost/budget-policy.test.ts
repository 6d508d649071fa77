import { ActionType, createContext, type Decision } from '@clearstone/core';
import type { BudgetLedger, SpendEntry, SpendTotals } from './budget-ledger';
import { utcDay } from './budget-ledger';
import { budgetPolicy } from './budget-policy';

const decide = (decision: Decision | Promise<Decision>): Decision => decision as Decision;

function context(metadata: Record<string, unknown>, userId = 'alice', sessionId = 'session-1') {
  return createContext({ userId, agentId: 'agent', sessionId, metadata });
}

/** A ledger kept in memory, as a test double of SpendLedger. */
function memoryLedger(): BudgetLedger & { entries: SpendEntry[] } {
  const entries: SpendEntry[] = [];
  const sum = (selected: SpendEntry[]): SpendTotals => ({
    usd: selected.reduce((total, entry) => total + (entry.usd ?? 0), 0),
    tokens: selected.reduce((total, entry) => total + entry.tokens, 0),
    calls: selected.length,
    unknownCostCalls: selected.filter((entry) => entry.usd === undefined).length,
  });
  return {
    entries,
    record: (entry) => entries.push(entry),
    userDay: (userId, day = Date.now()) =>
      sum(entries.filter((entry) => entry.userId === userId && utcDay(entry.at ?? Date.now()) === utcDay(day))),
    session: (sessionId) => sum(entries.filter((entry) => entry.sessionId === sessionId)),
  };
}

describe('budgetPolicy', () => {
  it('blocks model calls once the run has spent its budget, from the running totals', () => {
    const policy = budgetPolicy({ usd: 0.01, per: 'run' });
    expect(policy.policyInfo).toMatchObject({ name: 'budget_run', priority: 100 });
    expect(decide(policy(context({ eventType: 'model_call', sessionCost: 0.009 }))).action).toBe(ActionType.ALLOW);
    const blocked = decide(policy(context({ eventType: 'model_call', sessionCost: 0.0125 })));
    expect(blocked.action).toBe(ActionType.BLOCK);
    expect(blocked.reason).toBe('Budget exceeded: $0.0125 of $0.01 spent in this run');
    expect(blocked.metadata).toMatchObject({ budgetPer: 'run', budgetUsd: 0.01, spentUsd: 0.0125 });
    // Tool calls cost no tokens: they are not stopped.
    expect(decide(policy(context({ eventType: 'tool_call', sessionCost: 1 }))).action).toBe(ActionType.ALLOW);
  });

  it('counts tokens as well as dollars', () => {
    const policy = budgetPolicy({ tokens: 1000, per: 'run' });
    expect(decide(policy(context({ eventType: 'model_call', tokensUsed: 999 }))).action).toBe(ActionType.ALLOW);
    expect(decide(policy(context({ eventType: 'model_call', tokensUsed: 1000 }))).reason).toBe(
      'Budget exceeded: 1000 of 1000 tokens used in this run',
    );
  });

  it("reads a user's day from the context first, then from the ledger", () => {
    const ledger = memoryLedger();
    const policy = budgetPolicy({ usd: 1, per: 'user-day', ledger });
    ledger.record({ userId: 'alice', usd: 0.6, tokens: 100 });
    expect(decide(policy(context({ eventType: 'model_call' }))).action).toBe(ActionType.ALLOW);
    ledger.record({ userId: 'alice', usd: 0.5, tokens: 100 });
    ledger.record({ userId: 'alice', usd: 5, tokens: 100, at: Date.now() - 2 * 86_400_000 });
    expect(decide(policy(context({ eventType: 'model_call' }, 'bob'))).action).toBe(ActionType.ALLOW);
    const blocked = decide(policy(context({ eventType: 'model_call' })));
    expect(blocked.action).toBe(ActionType.BLOCK);
    expect(blocked.reason).toMatch(
      /^Budget exceeded: \$1\.10 of \$1\.00 spent today \(UTC \d{4}-\d{2}-\d{2}\) by user 'alice'$/,
    );
    // What the context says wins, as a backtest of a recording needs: the ledger is not read.
    expect(decide(policy(context({ eventType: 'model_call', dailyCost: 0.2 }))).action).toBe(ActionType.ALLOW);
    expect(decide(budgetPolicy({ usd: 1, per: 'user-day' })(context({ dailyCost: 1.5 }))).action).toBe(
      ActionType.BLOCK,
    );
  });

  it('counts a session over all its runs and pauses instead of blocking when asked', () => {
    const ledger = memoryLedger();
    ledger.record({ userId: 'alice', sessionId: 'session-1', usd: 2, tokens: 10 });
    const policy = budgetPolicy({ usd: 2, per: 'session', onExceed: 'pause', ledger });
    expect(policy.policyInfo.name).toBe('budget_session');
    const paused = decide(policy(context({ eventType: 'model_call' })));
    expect(paused.action).toBe(ActionType.PAUSE);
    expect(paused.reason).toBe("Budget exceeded: $2.00 of $2.00 spent in session 'session-1'");
    expect(paused.metadata.interventionId).toMatch(/^intervention_/);
    expect(decide(policy(context({ eventType: 'model_call' }, 'alice', 'session-2'))).action).toBe(ActionType.ALLOW);
    expect(
      decide(policy(context({ eventType: 'model_call', sessionTotalCost: 0.5, sessionTotalTokens: 10 }))).action,
    ).toBe(ActionType.ALLOW);
  });

  it('fails closed without any way to know what a day or session spent', () => {
    const decision = decide(budgetPolicy({ usd: 1, per: 'user-day' })(context({ eventType: 'model_call' })));
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toMatch(/^Policy 'budget_user_day' cannot decide: no user-day spend in the context/);
  });

  it('rejects bad options with InvalidArgumentError', () => {
    const invalid = expect.objectContaining({ code: 'INVALID_ARGUMENT' });
    expect(() => budgetPolicy({ usd: 1, per: 'week' as never })).toThrow(invalid);
    expect(() => budgetPolicy({ per: 'run' })).toThrow(invalid);
    expect(() => budgetPolicy({ usd: -1, per: 'run' })).toThrow(invalid);
    expect(() => budgetPolicy({ usd: 1, per: 'run', onExceed: 'stop' as never })).toThrow(invalid);
    expect(() => budgetPolicy({ usd: 1, per: 'run', ledger: {} as never })).toThrow(invalid);
    expect(budgetPolicy({ usd: 1, per: 'run', name: 'team_budget' }).policyInfo.name).toBe('team_budget');
  });
});
