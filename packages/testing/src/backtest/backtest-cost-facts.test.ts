import { ActionType } from '@clearstone/core';
import type { Trace } from '@clearstone/core';
import { PolicyEngine } from '@clearstone/policy';
import { dailyCostLimitPolicy, requireApprovalForHighCostPolicy } from '@clearstone/policy/builtins';
import { traceBuilder } from '../trace-builder';
import { backtest, backtestSync } from './backtest';

const day = Date.UTC(2025, 10, 24, 9);
const hour = 3_600_000;

/** One run of `userId` at `startTime`: two gpt-4o calls of `costUsd` each. */
function run(userId: string, startTime: number, costUsd: number): Trace {
  return traceBuilder({ userId, agentId: 'support', startTime })
    .llm('gpt-4o', { inputTokens: 1000, outputTokens: 100, costUsd })
    .tool('search')
    .llm('gpt-4o', { inputTokens: 1200, outputTokens: 100, costUsd })
    .build();
}

describe('backtests give the cost built-ins what the recording says was spent', () => {
  const morning = run('alice', day, 0.4);
  const noon = run('alice', day + 3 * hour, 0.4);
  const bob = run('bob', day + 4 * hour, 0.4);
  const nextDay = run('alice', day + 24 * hour, 0.4);

  it("daily_cost_limit blocks once the user's recorded calls that UTC day pass the limit, in any order", async () => {
    const engine = new PolicyEngine({ policies: [dailyCostLimitPolicy({ dailyCostLimit: 1 })] });
    // Newest first, as a trace store lists them: an array is counted as a whole before the replay.
    const result = backtestSync(engine, [nextDay, bob, noon, morning]);
    expect(result.blockedTraceIds).toEqual([noon.traceId]);
    expect(result.blockedRuns[0]).toMatchObject({
      traceId: noon.traceId,
      reason: 'Daily cost limit exceeded: $1.20 > $1.00',
    });
    // Streamed oldest first, the same.
    async function* stream() {
      yield* [morning, noon, bob, nextDay];
    }
    expect((await backtest(engine, stream())).blockedTraceIds).toEqual([noon.traceId]);
  });

  it('require_approval_for_high_cost pauses a model call whose recorded cost is over the threshold', () => {
    const engine = new PolicyEngine({ policies: [requireApprovalForHighCostPolicy({ highCostThreshold: 0.25 })] });
    const result = backtestSync(engine, [morning]);
    expect(result.summary().decisions[ActionType.PAUSE]).toBe(2);
    expect(backtestSync(engine, [run('carol', day, 0.1)]).summary().decisions[ActionType.PAUSE]).toBe(0);
  });

  it('decides on the facts a context was recorded with', () => {
    const recorded = traceBuilder({ userId: 'alice', startTime: day + 5 * hour })
      .llm('gpt-4o', {
        inputTokens: 10,
        outputTokens: 10,
        costUsd: 5,
        policyContext: { dailyCost: 0, operationCost: 0.01 },
      })
      .build();
    const engine = new PolicyEngine({
      policies: [
        dailyCostLimitPolicy({ dailyCostLimit: 1 }),
        requireApprovalForHighCostPolicy({ highCostThreshold: 1 }),
      ],
    });
    const result = backtestSync(engine, [morning, noon, recorded]);
    expect(result.blockedTraceIds).not.toContain(recorded.traceId);
    expect(result.summary().decisions[ActionType.PAUSE]).toBe(0);
  });
});
