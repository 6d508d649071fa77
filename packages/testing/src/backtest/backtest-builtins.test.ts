import { join } from 'node:path';
import { ActionType, SpanKind, SpanStatusCode } from '@clearstone/core';
import type { Trace } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';
import { PolicyEngine } from '@clearstone/policy';
import {
  alertOnPrivilegedAccessPolicy,
  blockDangerousToolsPolicy,
  blockPiiToolsPolicy,
  redactPiiPolicy,
  createCostControlPolicies,
  pauseBeforeWritePolicy,
  tokenLimitPolicy,
} from '@clearstone/policy/builtins';
import { temporaryDirectory } from '../../test/support/trace-files';
import { PolicyTestHarness } from '../harness';
import { backtest } from './backtest';
import { compareBacktests } from './compare-backtests';

type Tracer = ReturnType<TracerProvider['getTracer']>;
type Step =
  | { llm: string; inputTokens: number; outputTokens: number; costUsd: number }
  | { tool: string; input: Record<string, unknown> };

interface Run {
  userId: string;
  role: string;
  steps: Step[];
}

/**
 * Records one agent run the way the LangChain `TracingCallbackHandler` lays it out: an
 * `invoke_agent` root carrying who ran it, `chat` spans with the model, token usage and cost set
 * when the call ends, and `execute_tool` spans with the tool name, call id and parsed input.
 */
function recordRun(tracer: Tracer, run: Run, index: number): string {
  const root = tracer.startSpan('invoke_agent support', {
    parent: null,
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'support',
      'clearstone.user.id': run.userId,
      'clearstone.agent.id': 'support',
      'clearstone.session.id': `session-${index}`,
      'clearstone.user.role': run.role,
      'clearstone.run.id': `run-${index}`,
      'clearstone.run.type': 'chain',
    },
    input: { input: `request ${index}` },
  });
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd = 0;
  run.steps.forEach((step, position) => {
    if ('llm' in step) {
      const chat = tracer.startSpan(`chat ${step.llm}`, {
        kind: SpanKind.CLIENT,
        parent: root,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': step.llm,
          'gen_ai.provider.name': 'openai',
          'clearstone.run.type': 'llm',
        },
        input: [{ role: 'user', content: `request ${index}` }],
      });
      chat.setAttributes({
        'gen_ai.response.model': step.llm,
        'gen_ai.usage.input_tokens': step.inputTokens,
        'gen_ai.usage.output_tokens': step.outputTokens,
        'clearstone.usage.total_tokens': step.inputTokens + step.outputTokens,
        'clearstone.cost.usd': step.costUsd,
      });
      chat.setOutput({ role: 'assistant', content: 'ok' });
      chat.setStatus(SpanStatusCode.OK);
      chat.end();
      inputTokens += step.inputTokens;
      outputTokens += step.outputTokens;
      costUsd += step.costUsd;
    } else {
      const tool = tracer.startSpan(`execute_tool ${step.tool}`, {
        parent: root,
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': step.tool,
          'gen_ai.tool.call.id': `call_${index}_${position}`,
          'clearstone.run.type': 'tool',
        },
        input: step.input,
      });
      tool.setOutput('done');
      tool.setStatus(SpanStatusCode.OK);
      tool.end();
    }
  });
  root.setAttributes({
    'gen_ai.usage.input_tokens': inputTokens,
    'gen_ai.usage.output_tokens': outputTokens,
    'clearstone.usage.total_tokens': inputTokens + outputTokens,
    'clearstone.cost.usd': costUsd,
  });
  root.setStatus(SpanStatusCode.OK);
  root.end();
  return root.traceId;
}

const RUNS: Run[] = [
  // 0: an ordinary admin run, cheap.
  {
    userId: 'u0',
    role: 'admin',
    steps: [
      { llm: 'gpt-4o', inputTokens: 800, outputTokens: 200, costUsd: 0.004 },
      { tool: 'lookup_order', input: { orderId: 'A-1' } },
    ],
  },
  // 1: calls a destructive tool in camelCase.
  {
    userId: 'u1',
    role: 'user',
    steps: [
      { llm: 'gpt-4o', inputTokens: 500, outputTokens: 100, costUsd: 0.002 },
      { tool: 'DropTable', input: { table: 'orders' } },
      { tool: 'lookup_order', input: { orderId: 'B-2' } },
    ],
  },
  // 2: burns 8000 tokens before its third model call.
  {
    userId: 'u2',
    role: 'user',
    steps: [
      { llm: 'gpt-4o', inputTokens: 3000, outputTokens: 1000, costUsd: 0.03 },
      { llm: 'gpt-4o', inputTokens: 3000, outputTokens: 1000, costUsd: 0.03 },
      { llm: 'gpt-4o', inputTokens: 100, outputTokens: 10, costUsd: 0.001 },
    ],
  },
  // 3: a guest reading customer records, then writing a note.
  {
    userId: 'u3',
    role: 'guest',
    steps: [
      { tool: 'fetch_customer_record', input: { customerId: 'c-9' } },
      { tool: 'write_note', input: { text: 'called back, reach her at jane.doe@example.com' } },
    ],
  },
  // 4: an admin reading customer records (allowed for admins), expensive but under the token limit.
  {
    userId: 'u4',
    role: 'admin',
    steps: [
      { llm: 'gpt-4o', inputTokens: 1500, outputTokens: 500, costUsd: 0.06 },
      { tool: 'fetch_customer_record', input: { customerId: 'c-1' } },
      { llm: 'gpt-4o', inputTokens: 200, outputTokens: 50, costUsd: 0.002 },
    ],
  },
];

let directory = '';
let cleanup: () => void = () => undefined;
let dbPath = '';
let traceIds: string[] = [];
let recorded: Trace[] = [];

beforeAll(async () => {
  ({ directory, cleanup } = temporaryDirectory('clearstone-backtest-builtins-'));
  dbPath = join(directory, 'traces.db');
  const provider = new TracerProvider({ dbPath });
  const tracer = provider.getTracer('@clearstone/langchain', '0.1.0');
  traceIds = RUNS.map((run, index) => recordRun(tracer, run, index));
  await provider.shutdown();
  recorded = traceIds.map((traceId) => provider.traceStore.getTrace(traceId)!);
  provider.traceStore.close();
});
afterAll(() => cleanup());

const baselinePolicies = () => [
  blockDangerousToolsPolicy(),
  alertOnPrivilegedAccessPolicy({ privilegedTools: ['fetch_customer_record'] }),
];
const candidatePolicies = () => [
  ...baselinePolicies(),
  ...createCostControlPolicies({ tokenLimit: 5000, sessionCostLimit: 0.05 }),
  blockPiiToolsPolicy({ piiTools: ['fetch_customer_record'] }),
];

describe('backtest with the built-in policies over traces recorded by a real TracerProvider', () => {
  it('reads back every run with the calls the backtest rebuilds its context from', () => {
    expect(recorded.map((trace) => trace.spans.length)).toEqual([3, 4, 4, 3, 4]);
    const tool = recorded[1].spans.find((span) => span.name === 'execute_tool DropTable')!;
    expect(tool.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'DropTable',
      'gen_ai.tool.call.id': 'call_1_1',
    });
    expect(tool.input?.captured).toBe(true);
  });

  it('blocks the dangerous tool with blockDangerousToolsPolicy, reading the tool name from the database', async () => {
    using harness = new PolicyTestHarness(dbPath);
    const result = await harness.backtest([blockDangerousToolsPolicy()], {});
    expect(result.tracesAnalyzed).toBe(5);
    expect(result.callsEvaluated).toBe(12);
    expect(result.blockedTraceIds).toEqual([traceIds[1]]);
    expect(result.blockedRuns).toEqual([
      {
        traceId: traceIds[1],
        spanId: recorded[1].spans.find((span) => span.name === 'execute_tool DropTable')!.spanId,
        spanName: 'execute_tool DropTable',
        eventType: 'tool_call',
        toolName: 'DropTable',
        policyName: 'block_dangerous_tools',
        reason: "Dangerous tool blocked: 'DropTable'",
      },
    ]);
    expect(result.decisions).toMatchObject({ allow: 11, block: 1 });
  });

  it('rebuilds tokensUsed for tokenLimitPolicy and userRole for blockPiiToolsPolicy from the recorded spans', async () => {
    const result = await backtest(
      [tokenLimitPolicy({ tokenLimit: 5000 }), blockPiiToolsPolicy({ piiTools: ['fetch_customer_record'] })],
      recorded,
    );
    expect(result.blockedTraceIds).toEqual([traceIds[2], traceIds[3]]);
    expect(
      result.blockedRuns.map(({ traceId, eventType, model, toolName, policyName, reason }) => ({
        traceId,
        eventType,
        model,
        toolName,
        policyName,
        reason,
      })),
    ).toEqual([
      {
        traceId: traceIds[2],
        eventType: 'model_call',
        model: 'gpt-4o',
        toolName: undefined,
        policyName: 'token_limit',
        reason: 'Token limit exceeded: 8000 > 5000',
      },
      {
        traceId: traceIds[3],
        eventType: 'tool_call',
        model: undefined,
        toolName: 'fetch_customer_record',
        policyName: 'block_pii_tools',
        reason: "PII access denied for role 'guest'",
      },
    ]);
    // The admin of run 4 reads the same records and is let through.
    expect(result.blockedTraceIds).not.toContain(traceIds[4]);
  });

  it('breaks decisions down per policy and compares the current policy set with a candidate one', async () => {
    using harness = new PolicyTestHarness(dbPath);
    const current = await harness.backtest(new PolicyEngine({ policies: baselinePolicies() }), {});
    const proposed = await harness.backtest(new PolicyEngine({ policies: candidatePolicies() }), {});

    expect(current.blockedTraceIds).toEqual([traceIds[1]]);
    expect(current.byPolicy.alert_on_privileged_access.decisions[ActionType.ALERT]).toBe(2);
    expect(current.decisions).toMatchObject({ allow: 9, alert: 2, block: 1 });

    expect(proposed.summary().byPolicy).toEqual({
      block_dangerous_tools: {
        decisions: { allow: 0, block: 1, pause: 0, alert: 0, redact: 0, skip: 0 },
        runsBlocked: 1,
      },
      alert_on_privileged_access: {
        decisions: { allow: 0, block: 0, pause: 0, alert: 1, redact: 0, skip: 0 },
        runsBlocked: 0,
      },
      token_limit: { decisions: { allow: 0, block: 1, pause: 0, alert: 0, redact: 0, skip: 0 }, runsBlocked: 1 },
      session_cost_limit: { decisions: { allow: 0, block: 0, pause: 0, alert: 2, redact: 0, skip: 0 }, runsBlocked: 0 },
      daily_cost_limit: { decisions: { allow: 0, block: 0, pause: 0, alert: 0, redact: 0, skip: 0 }, runsBlocked: 0 },
      require_approval_for_high_cost: {
        decisions: { allow: 0, block: 0, pause: 0, alert: 0, redact: 0, skip: 0 },
        runsBlocked: 0,
      },
      block_pii_tools: { decisions: { allow: 0, block: 1, pause: 0, alert: 0, redact: 0, skip: 0 }, runsBlocked: 1 },
    });
    // The harness reads the database newest run first.
    expect(proposed.blockedTraceIds).toEqual([traceIds[3], traceIds[2], traceIds[1]]);
    expect(proposed.byPolicy.token_limit.blockedTraceIds).toEqual([traceIds[2]]);
    expect(proposed.byPolicy.block_pii_tools.blockedTraceIds).toEqual([traceIds[3]]);
    expect(proposed.callsEvaluated).toBe(11);
    expect(proposed.decisions).toMatchObject({ allow: 6, alert: 2, block: 3 });
    // Run 4 goes over the $0.05 session limit after its first call: both later calls alert, and its
    // tool call also alerts as privileged access. Run 2 is over it too, but token_limit blocks first.
    expect(proposed.runsBlocked).toBe(3);
    expect(proposed.blockRatePercent).toBe(60);

    const change = compareBacktests(current, proposed);
    expect(change).toEqual({
      baseline: current.policyName,
      candidate: proposed.policyName,
      newlyBlocked: [traceIds[3], traceIds[2]],
      noLongerBlocked: [],
      stillBlocked: 1,
      decisionsDelta: { allow: -3, block: 2, pause: 0, alert: 0, redact: 0, skip: 0 },
      blockRateDeltaPercent: 40,
      sameTraceCount: true,
    });
    expect(compareBacktests(proposed, current).noLongerBlocked).toEqual([traceIds[3], traceIds[2]]);
  });

  it('gives redactPiiPolicy the tool input stored as the span input snapshot', async () => {
    const result = await backtest([redactPiiPolicy()], recorded);
    expect(result.decisions).toMatchObject({ redact: 1, block: 0 });
    expect(result.byPolicy.redact_pii.decisions[ActionType.REDACT]).toBe(1);
  });

  it('takes policy settings from backtest metadata over the factory options', async () => {
    const strict = await backtest([pauseBeforeWritePolicy({ requirePauseFor: ['delete'] })], recorded, {
      metadata: { requirePauseFor: ['write'] },
    });
    expect(strict.decisions[ActionType.PAUSE]).toBe(1);
    expect(strict.byPolicy.pause_before_write.decisions[ActionType.PAUSE]).toBe(1);
    const loose = await backtest(new PolicyEngine({ policies: [tokenLimitPolicy({ tokenLimit: 5000 })] }), recorded, {
      metadata: { tokenLimit: 10_000 },
    });
    expect(loose.runsBlocked).toBe(0);
  });
});
