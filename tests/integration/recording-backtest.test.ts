// A real createAgent agent, governed by clearstoneMiddleware, traced by TracingCallbackHandler into a
// SQLite file: the recording is read back through PolicyTestHarness and backtested with the same
// policies, which must reproduce every live decision, call by call.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ALERT,
  ALLOW,
  ActionType,
  BLOCK,
  ContextKeys,
  GovernedOutcomes,
  governedOutcomeOf,
  isToolSpan,
  toolNameOf,
  type PolicyContext,
} from '@clearstone/core';
import { AuditTrail, PolicyEngine, definePolicy, type EvaluationResult } from '@clearstone/policy';
import { blockDangerousToolsPolicy, tokenLimitPolicy } from '@clearstone/policy/builtins';
import { PolicyTestHarness, backtest } from '@clearstone/testing';
import { answer, callTool, recordGovernedRuns, type ScriptedRun } from './support/governed-agent';

/** The policies, written the way users write them: their own context keys and the integration's. */
function policies() {
  return [
    definePolicy({ name: 'guests_cannot_use_admin_panel', priority: 100 }, (ctx: PolicyContext) =>
      ctx.metadata.role === 'guest' && ctx.metadata[ContextKeys.TOOL_NAME] === 'admin_panel'
        ? BLOCK('Guests cannot use the admin panel')
        : ALLOW,
    ),
    definePolicy({ name: 'free_plan_tool_quota', priority: 90 }, (ctx: PolicyContext) =>
      ctx.metadata.plan === 'free' &&
      ctx.metadata[ContextKeys.EVENT_TYPE] === 'tool_call' &&
      Number(ctx.metadata[ContextKeys.TOOL_CALL_COUNT]) >= 2
        ? BLOCK('The free plan allows two tool calls per run')
        : ALLOW,
    ),
    definePolicy({ name: 'alert_on_email', priority: 50 }, (ctx: PolicyContext) =>
      ctx.metadata[ContextKeys.TOOL_NAME] === 'send_email' ? ALERT('An email is being sent') : ALLOW,
    ),
    blockDangerousToolsPolicy(),
    tokenLimitPolicy(),
  ];
}

const runs: ScriptedRun[] = [
  {
    user: 'guest-1',
    metadata: { role: 'guest', plan: 'pro' },
    script: [callTool('admin_panel', { value: 'users' }, 'a1'), answer('I cannot do that')],
  },
  {
    user: 'admin-1',
    metadata: { role: 'admin', plan: 'free' },
    script: [
      callTool('search', { value: 'one' }, 'b1'),
      callTool('search', { value: 'two' }, 'b2'),
      callTool('search', { value: 'three' }, 'b3'),
      answer('done'),
    ],
  },
  {
    user: 'admin-2',
    metadata: { role: 'admin', plan: 'pro' },
    script: [
      callTool('delete_database', { value: 'prod' }, 'c1'),
      callTool('send_email', { value: 'report' }, 'c2'),
      answer('emailed'),
    ],
  },
  {
    user: 'user-1',
    metadata: { role: 'user', plan: 'pro', tokenLimit: 150 },
    script: [callTool('search', { value: 'x' }, 'd1'), callTool('search', { value: 'y' }, 'd2'), answer('never')],
  },
  {
    user: 'guest-2',
    metadata: { role: 'guest', plan: 'free' },
    script: [
      callTool('admin_panel', { value: 'x' }, 'e1'),
      callTool('search', { value: 'y' }, 'e2'),
      callTool('search', { value: 'z' }, 'e3'),
      answer('ok'),
    ],
  },
  {
    user: 'admin-3',
    metadata: { role: 'admin', plan: 'pro' },
    script: [callTool('search', { value: 'fine' }, 'f1'), answer('fine')],
  },
];

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clearstone-recording-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the recording of a governed agent', () => {
  it('holds every governed call, and a backtest of the same policies reproduces every live decision', async () => {
    const dbPath = join(dir, 'traces.db');
    const live = new Map<string, string>();
    const record = (into: Map<string, string>) => (result: EvaluationResult) => {
      const spanId = result.context.metadata[ContextKeys.SPAN_ID];
      if (typeof spanId === 'string')
        into.set(spanId, `${result.decision.action} ${String(result.decision.metadata.policyName ?? '')}`);
    };
    const auditTrail = new AuditTrail();
    const engine = new PolicyEngine({ policies: policies(), onDecision: record(live), auditTrail });
    const ran: string[] = [];
    await recordGovernedRuns(dbPath, engine, runs, { ran });

    const liveBlocks = [...live.values()].filter((value) => value.startsWith('block')).length;
    // guest admin_panel ×2, the free plan's third tool call ×2, delete_database, and the token limit on
    // user-1's second search and the model call after it.
    expect(liveBlocks).toBe(7);
    expect([...live.values()].some((value) => value.startsWith('alert'))).toBe(true);
    // Blocked tools never ran, yet every decided call is a span of the recording.
    expect(ran.sort()).toEqual(['search', 'search', 'search', 'search', 'search', 'send_email']);

    const harness = new PolicyTestHarness(dbPath);
    const traces = harness.loadTraces({ limit: 100 });
    expect(traces).toHaveLength(runs.length);
    const spanIds = new Set(traces.flatMap((trace) => trace.spans.map((span) => span.spanId)));
    for (const spanId of live.keys()) expect(spanIds.has(spanId)).toBe(true);
    const prevented = traces
      .flatMap((trace) => trace.spans)
      .filter((span) => isToolSpan(span) && governedOutcomeOf(span) === GovernedOutcomes.BLOCKED)
      .map((span) => toolNameOf(span))
      .sort();
    expect(prevented).toEqual(['admin_panel', 'admin_panel', 'delete_database', 'search', 'search', 'search']);

    // Every audit entry names the recorded span it was about.
    const spansById = new Map(traces.flatMap((trace) => trace.spans.map((span) => [span.spanId, span] as const)));
    const entries = auditTrail.entries();
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      const span = spansById.get(entry.spanId ?? '');
      expect(span).toBeDefined();
      expect(entry.traceId).toBe(span!.traceId);
      expect(entry.eventType).toBe(isToolSpan(span!) ? 'tool_call' : 'model_call');
      if (entry.eventType === 'tool_call') expect(entry.toolName).toBe(toolNameOf(span!));
    }
    expect(auditTrail.verify().ok).toBe(true);

    const replayed = new Map<string, string>();
    const result = await backtest(new PolicyEngine({ policies: policies(), onDecision: record(replayed) }), traces);
    expect(replayed).toEqual(live);
    expect(result.summary().decisions.block).toBe(liveBlocks);
    expect(result.summary().runsBlocked).toBe(5);
    // Streamed from the file reading only what the replay needs: the same decisions, call by call.
    const streamed = new Map<string, string>();
    const lean = await harness.backtest(new PolicyEngine({ policies: policies(), onDecision: record(streamed) }), {});
    expect(streamed).toEqual(live);
    expect(lean.summary()).toEqual(result.summary());
    harness.close?.();
  });

  it('records the context policies read, so a policy that reads a custom key decides the same in a backtest', async () => {
    const dbPath = join(dir, 'traces.db');
    const [guests] = policies();
    const engine = new PolicyEngine({ policies: [guests] });
    await recordGovernedRuns(
      dbPath,
      engine,
      [
        {
          user: 'u',
          metadata: { role: 'guest' },
          script: [callTool('admin_panel', { value: 'x' }, 'g1'), answer('no')],
        },
      ],
      { agentId: 'a' },
    );
    const harness = new PolicyTestHarness(dbPath);
    const result = await backtest(new PolicyEngine({ policies: [guests] }), harness.loadTraces());
    expect(result.summary().decisions[ActionType.BLOCK]).toBe(1);
    // options.metadata still wins over what was recorded.
    const overridden = await backtest(new PolicyEngine({ policies: [guests] }), harness.loadTraces(), {
      metadata: { role: 'admin' },
    });
    expect(overridden.summary().decisions[ActionType.BLOCK]).toBe(0);
    harness.close?.();
  });
});
