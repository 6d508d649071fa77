import { join } from 'node:path';
import { ALERT, ALLOW, ActionType, BLOCK, PAUSE } from '@clearstone/core';
import type { PolicyContext, Trace } from '@clearstone/core';
import { PolicyEngine, definePolicy } from '@clearstone/policy';
import { temporaryDirectory, writeTraces } from '../../test/support/trace-files';
import { PolicyTestHarness } from '../harness';
import { traceBuilder } from '../trace-builder';
import { backtest, backtestSync } from './backtest';
import { compareBacktests } from './compare-backtests';

// Policies as the built-in library defines them (reference §5), with camelCase metadata keys.
const DANGEROUS = ['delete_database', 'drop_table', 'truncate', 'format_drive', 'shutdown', 'purge', 'destroy'];
const blockDangerousTools = definePolicy({ name: 'block_dangerous_tools', priority: 100 }, (ctx) => {
  const tool = String(ctx.metadata.toolName ?? '').toLowerCase();
  return DANGEROUS.includes(tool) ? BLOCK(`Dangerous tool blocked: '${tool}'`) : ALLOW;
});
const tokenLimit = definePolicy({ name: 'token_limit', priority: 100 }, (ctx) => {
  const limit = ctx.metadata.tokenLimit as number | undefined;
  const used = (ctx.metadata.tokensUsed as number | undefined) ?? 0;
  return limit !== undefined && used > limit ? BLOCK(`Token limit exceeded: ${used} > ${limit}`) : ALLOW;
});
const alertOnPrivileged = definePolicy({ name: 'alert_on_privileged_access', priority: 75 }, (ctx) =>
  ctx.metadata.toolName === 'admin_panel'
    ? ALERT(`Privileged access: User '${ctx.userId}' accessed 'admin_panel'.`)
    : ALLOW,
);
const guestsReadOnly = definePolicy({ name: 'guests_read_only', priority: 90 }, (ctx) =>
  ctx.metadata.userRole === 'guest' && String(ctx.metadata.toolName ?? '').startsWith('write_')
    ? BLOCK('Guests are read-only')
    : ALLOW,
);

const day = (index: number): number => Date.UTC(2025, 3, 1) + index * 86_400_000;

/** A week of support-agent runs: some call dangerous tools, one burns tokens, one is a guest writing. */
function lastWeek(): Trace[] {
  return [
    traceBuilder({ userId: 'u1', agentId: 'support', userRole: 'admin', startTime: day(0) })
      .llm('gpt-4o', { inputTokens: 800, outputTokens: 200 })
      .tool('lookup_order')
      .build(),
    traceBuilder({ userId: 'u2', agentId: 'support', startTime: day(1) })
      .llm('gpt-4o', { inputTokens: 500, outputTokens: 100 })
      .tool('drop_table', { input: { table: 'orders' } })
      .tool('lookup_order')
      .build(),
    traceBuilder({ userId: 'u3', agentId: 'support', startTime: day(2) })
      .llm('gpt-4o', { inputTokens: 3000, outputTokens: 1000 })
      .llm('gpt-4o', { inputTokens: 3000, outputTokens: 1000 })
      .llm('gpt-4o', { inputTokens: 100, outputTokens: 10 })
      .build(),
    traceBuilder({ userId: 'u4', agentId: 'support', userRole: 'guest', startTime: day(3) })
      .tool('write_note')
      .tool('admin_panel')
      .build(),
    traceBuilder({ userId: 'u5', agentId: 'support', startTime: day(4) })
      .span('plan')
      .tool('admin_panel')
      .tool('PURGE')
      .build(),
  ];
}

let directory = '';
let cleanup: () => void = () => undefined;
beforeEach(() => ({ directory, cleanup } = temporaryDirectory()));
afterEach(() => cleanup());

describe('backtest over a recorded database', () => {
  it('answers "what would this new policy have blocked last week?"', async () => {
    const dbPath = join(directory, 'week.db');
    const runs = lastWeek();
    writeTraces(dbPath, runs);
    using harness = new PolicyTestHarness(dbPath);
    const result = await harness.backtest([blockDangerousTools], { since: day(0) });
    expect(result.summary()).toEqual({
      policyName: 'PolicyEngine(block_dangerous_tools)',
      tracesAnalyzed: 5,
      spansAnalyzed: 18,
      decisions: { allow: 9, block: 2, pause: 0, alert: 0, redact: 0, skip: 0 },
      runsBlocked: 2,
      blockRatePercent: 40,
      blockedTraceIds: [runs[4].traceId, runs[1].traceId],
      callsEvaluated: 11,
      byPolicy: {
        block_dangerous_tools: {
          decisions: { allow: 0, block: 2, pause: 0, alert: 0, redact: 0, skip: 0 },
          runsBlocked: 2,
        },
      },
    });
    expect(
      result.blockedRuns.map(({ toolName, reason, policyName, eventType }) => ({
        toolName,
        reason,
        policyName,
        eventType,
      })),
    ).toEqual([
      {
        toolName: 'PURGE',
        reason: "Dangerous tool blocked: 'purge'",
        policyName: 'block_dangerous_tools',
        eventType: 'tool_call',
      },
      {
        toolName: 'drop_table',
        reason: "Dangerous tool blocked: 'drop_table'",
        policyName: 'block_dangerous_tools',
        eventType: 'tool_call',
      },
    ]);
  });

  it('runs a real engine with a per-policy breakdown, settings passed as metadata, and compares policy sets', async () => {
    const dbPath = join(directory, 'week.db');
    const runs = lastWeek();
    writeTraces(dbPath, runs);
    using harness = new PolicyTestHarness(dbPath);
    const current = await harness.backtest(
      new PolicyEngine({ policies: [blockDangerousTools, alertOnPrivileged] }),
      {},
    );
    const proposed = await harness.backtest(
      new PolicyEngine({ policies: [blockDangerousTools, alertOnPrivileged, tokenLimit, guestsReadOnly] }),
      {},
      { metadata: { tokenLimit: 5000 } },
    );
    expect(proposed.byPolicy.token_limit.blockedTraceIds).toEqual([runs[2].traceId]);
    expect(proposed.blockedRuns.find((run) => run.traceId === runs[2].traceId)).toMatchObject({
      model: 'gpt-4o',
      reason: 'Token limit exceeded: 8000 > 5000',
      eventType: 'model_call',
    });
    expect(proposed.byPolicy.guests_read_only.blockedTraceIds).toEqual([runs[3].traceId]);
    expect(current.byPolicy.alert_on_privileged_access.decisions[ActionType.ALERT]).toBe(2);
    // The guest's run stops at the blocked write, so its admin_panel call is never reached.
    expect(proposed.byPolicy.alert_on_privileged_access.decisions[ActionType.ALERT]).toBe(1);

    const change = compareBacktests(current, proposed);
    expect(change).toMatchObject({
      newlyBlocked: [runs[3].traceId, runs[2].traceId],
      noLongerBlocked: [],
      stillBlocked: 2,
      blockRateDeltaPercent: 40,
      sameTraceCount: true,
    });
    expect(change.decisionsDelta[ActionType.BLOCK]).toBe(2);
    expect(compareBacktests(proposed, current).noLongerBlocked).toEqual(change.newlyBlocked);
  });
});

describe('the context rebuilt for each recorded call', () => {
  it('carries the run identity, the call and the totals of the calls before it', async () => {
    const seen: PolicyContext[] = [];
    const recorder = definePolicy({ name: 'recorder' }, (ctx) => (seen.push(ctx), ALLOW));
    const trace = traceBuilder({
      userId: 'u-7',
      agentId: 'shop',
      sessionId: 'session-9',
      userRole: 'guest',
      startTime: day(0),
    })
      .llm('gpt-4o', { inputTokens: 100, outputTokens: 20, costUsd: 0.01 })
      .tool('web_search', { input: { query: 'boots' }, callId: 'call_1' })
      .llm('gpt-4o-mini', { inputTokens: 300, outputTokens: 50, costUsd: 0.002 })
      .span('not a call')
      .build();
    const result = await backtest(recorder, [trace], { metadata: { region: 'eu' } });
    expect(result.callsEvaluated).toBe(3);
    expect(seen.map((ctx) => [ctx.userId, ctx.agentId, ctx.sessionId])).toEqual(
      Array(3).fill(['u-7', 'shop', 'session-9']),
    );
    expect(seen[0].metadata).toMatchObject({
      eventType: 'model_call',
      model: 'gpt-4o',
      tokensUsed: 0,
      sessionCost: 0,
      llmCallCount: 0,
      toolCallCount: 0,
      userRole: 'guest',
      region: 'eu',
    });
    expect(seen[1].metadata).toMatchObject({
      eventType: 'tool_call',
      toolName: 'web_search',
      toolInput: { query: 'boots' },
      toolCallId: 'call_1',
      tokensUsed: 120,
      inputTokens: 100,
      outputTokens: 20,
      sessionCost: 0.01,
      llmCallCount: 1,
      toolCallCount: 0,
    });
    expect(seen[2].metadata).toMatchObject({
      eventType: 'model_call',
      model: 'gpt-4o-mini',
      tokensUsed: 120,
      llmCallCount: 1,
      toolCallCount: 1,
    });
    expect(seen[1].timestamp.getTime()).toBe(Number(trace.spans[2].startTimeNs / 1_000_000n));
    expect(
      Object.isFrozen(seen[1]) && Object.isFrozen(seen[1].metadata) && Object.isFrozen(seen[1].metadata.toolInput),
    ).toBe(true);
    expect(new Set(seen.map((ctx) => ctx.requestId)).size).toBe(3);
    for (const ctx of seen)
      expect(ctx.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('falls back to the trace id as session, "unknown" ids and gen_ai.tool.call.arguments', () => {
    const seen: PolicyContext[] = [];
    const recorder = definePolicy({ name: 'recorder' }, (ctx) => (seen.push(ctx), ALLOW));
    const trace = traceBuilder()
      .span('call', { tool: 'fetch', attributes: { 'gen_ai.tool.call.arguments': '{"url":"https://example.com"}' } })
      .build();
    backtestSync(recorder, [trace], {
      metadata: (recorded, span) => ({ spanName: span.name, spans: recorded.spans.length }),
    });
    expect(seen[0]).toMatchObject({
      userId: 'unknown',
      agentId: 'unknown',
      sessionId: trace.traceId,
      metadata: { toolInput: { url: 'https://example.com' }, spanName: 'call', spans: 2 },
    });
  });
});

describe('backtest semantics', () => {
  const risky = (): Trace => traceBuilder().tool('drop_table').tool('lookup').tool('destroy').build();

  it('stops a run at its first BLOCK unless continueAfterBlock', async () => {
    expect((await backtest([blockDangerousTools], [risky()])).decisions).toMatchObject({ allow: 0, block: 1 });
    const all = await backtest([blockDangerousTools], [risky()], { continueAfterBlock: true });
    expect(all.decisions).toMatchObject({ allow: 1, block: 2 });
    expect(all.runsBlocked).toBe(1);
  });

  it('fails closed on a policy that throws, naming it', async () => {
    const broken = definePolicy({ name: 'broken' }, () => {
      throw new Error('no price table');
    });
    const result = await backtest([broken], [risky()]);
    expect(result.blockedRuns[0].reason).toBe("Policy 'broken' raised an exception: no price table");
  });

  it('switches to evaluate() for async policies in auto mode; sync mode reports them as fail-closed', async () => {
    const slowLookup = definePolicy({ name: 'slow_lookup' }, async (ctx) =>
      ctx.metadata.toolName === 'destroy' ? PAUSE('Needs approval') : ALLOW,
    );
    const auto = await backtest([slowLookup], [risky()]);
    expect(auto.decisions).toMatchObject({ allow: 2, pause: 1, block: 0 });
    const sync = await backtest([slowLookup], [risky()], { evaluation: 'sync' });
    expect(sync.blockedRuns[0].reason).toMatch(/^Policy 'slow_lookup' returned a Promise/);
    const forced = await backtest([slowLookup], [risky()], { evaluation: 'async' });
    expect(forced.decisions).toEqual(auto.decisions);
  });

  it('accepts async iterables of traces and rejects bad arguments', async () => {
    async function* stream(): AsyncGenerator<Trace> {
      yield risky();
      yield traceBuilder().tool('lookup').build();
    }
    expect((await backtest([blockDangerousTools], stream())).summary()).toMatchObject({
      tracesAnalyzed: 2,
      runsBlocked: 1,
      blockRatePercent: 50,
    });
    await expect(backtest({} as never, [])).rejects.toThrow(
      /pass a PolicyEngine, a policy function or an array of policies/,
    );
    await expect(backtest([blockDangerousTools], 42 as never)).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    await expect(backtest([blockDangerousTools], [], { evaluation: 'eventually' as never })).rejects.toThrow(
      /evaluation must be/,
    );
    expect(() => backtestSync([blockDangerousTools], [], { defaults: { userId: 42 as never } })).toThrow(
      /defaults.userId must be a string/,
    );
    await expect(backtest([], [])).rejects.toThrow(expect.objectContaining({ code: 'NO_POLICIES' }));
  });
});
