import { ALERT, ALLOW, ActionType, BLOCK, type Decision, type PolicyContext, type Trace } from '@clearstone/core';
import { AuditTrail, PolicyEngine, definePolicy } from '@clearstone/policy';
import { traceBuilder } from '../trace-builder';
import { backtest, backtestSync } from './backtest';
import type { EngineLike } from './policy-evaluator';

const runs = (): Trace[] => [
  traceBuilder({ userId: 'u1', agentId: 'support' })
    .llm('gpt-4o', { inputTokens: 100, outputTokens: 20 })
    .tool('lookup_order')
    .tool('refund')
    .build(),
  traceBuilder({ userId: 'u2', agentId: 'support' }).tool('lookup_order').tool('drop_table').tool('lookup').build(),
  traceBuilder({ userId: 'u3', agentId: 'support' }).llm('gpt-4o').build(),
];

/** An engine of two synchronous policies around an async one, with an audit trail, counting calls. */
function governedEngine() {
  const calls = { noDrops: 0, fraudCheck: 0, alertOnRefund: 0 };
  const auditTrail = new AuditTrail();
  const engine = new PolicyEngine({
    auditTrail,
    policies: [
      definePolicy({ name: 'no_drops', priority: 100 }, (ctx) => {
        calls.noDrops++;
        return ctx.metadata.toolName === 'drop_table' ? BLOCK('Dropping tables is not allowed') : ALLOW;
      }),
      definePolicy({ name: 'fraud_check', priority: 50 }, async (ctx) => {
        calls.fraudCheck++;
        await new Promise((resolve) => setTimeout(resolve, 1));
        return ctx.metadata.toolName === 'refund' ? ALERT('Refund issued') : ALLOW;
      }),
      definePolicy({ name: 'alert_on_refund', priority: 10 }, (ctx) => {
        calls.alertOnRefund++;
        return ctx.metadata.toolName === 'refund' ? ALERT('Refund tool used') : ALLOW;
      }),
    ],
  });
  return { engine, auditTrail, calls };
}

describe('backtest of an engine with an async policy', () => {
  it('evaluates each call once: one audit entry per policy and call, none about a Promise', async () => {
    const { engine, auditTrail, calls } = governedEngine();
    expect(engine.hasAsyncPolicies).toBe(true);
    const evaluateSync = jest.spyOn(engine, 'evaluateSync');
    const result = await backtest(engine, runs());

    // 3 + 2 + 1 calls: the second run stops at its BLOCK on drop_table.
    expect(result.callsEvaluated).toBe(6);
    expect(result.decisions).toMatchObject({ allow: 4, alert: 1, block: 1 });
    expect(evaluateSync).not.toHaveBeenCalled();
    expect(calls).toEqual({ noDrops: 6, fraudCheck: 5, alertOnRefund: 5 });

    const entries = auditTrail.entries();
    expect(entries).toHaveLength(16);
    const byCall = new Map<string, string[]>();
    for (const entry of entries)
      byCall.set(entry.requestId, [...(byCall.get(entry.requestId) ?? []), entry.policyName]);
    expect(byCall.size).toBe(6);
    for (const policies of byCall.values()) {
      expect([['no_drops', 'fraud_check', 'alert_on_refund'], ['no_drops']]).toContainEqual(policies);
    }
    expect(entries.filter((entry) => `${entry.reason} ${entry.error ?? ''}`.includes('returned a Promise'))).toEqual(
      [],
    );
    expect(entries.filter((entry) => entry.error !== null)).toEqual([]);
    expect(auditTrail.verify().ok).toBe(true);
  });

  it("gives the same decisions with evaluation 'async', and the marked fail-closed BLOCK with 'sync'", async () => {
    const auto = await backtest(governedEngine().engine, runs());
    const forced = await backtest(governedEngine().engine, runs(), { evaluation: 'async' });
    expect(forced.decisions).toEqual(auto.decisions);
    expect(forced.callsEvaluated).toBe(auto.callsEvaluated);

    const { engine, calls } = governedEngine();
    const sync = backtestSync(engine, runs());
    expect(calls.fraudCheck).toBe(0); // known to be async: not started just to be thrown away
    expect(sync.blockedRuns[0]).toMatchObject({
      policyName: 'fraud_check',
      reason: expect.stringMatching(/^Policy 'fraud_check' returned a Promise/),
    });
  });

  it('uses evaluate, never evaluateSync then evaluate, for an engine that cannot say whether it is async', async () => {
    const seen: string[] = [];
    const foreign: EngineLike = {
      evaluateSync: (ctx: PolicyContext): Decision => {
        seen.push(`sync ${String(ctx.metadata.toolName ?? ctx.metadata.model)}`);
        return ALLOW;
      },
      evaluate: async (ctx: PolicyContext): Promise<Decision> => {
        seen.push(`async ${String(ctx.metadata.toolName ?? ctx.metadata.model)}`);
        return ALLOW;
      },
    };
    const result = await backtest(foreign, [runs()[1]]);
    expect(result.decisions[ActionType.ALLOW]).toBe(3);
    expect(seen).toEqual(['async lookup_order', 'async drop_table', 'async lookup']);

    seen.length = 0;
    await backtest({ ...foreign, hasAsyncPolicies: false }, [runs()[1]]);
    expect(seen).toEqual(['sync lookup_order', 'sync drop_table', 'sync lookup']);
  });
});
