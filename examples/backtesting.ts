/**
 * Backtesting: record a week of support-agent runs, then ask what a proposed policy set would
 * have blocked compared with the policies in production — before deploying it.
 *
 * Run: node_modules/.bin/tsx examples/backtesting.ts [dbPath]
 */
import { ALLOW, BLOCK } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';
import type { Tracer } from '@clearstone/observability';
import { PolicyEngine, definePolicy } from '@clearstone/policy';
import { PolicyTestHarness, compareBacktests } from '@clearstone/testing';

const dbPath = process.argv[2] ?? 'support_traces.db';

// --- Policies: what runs in production, and what we would like to add. ---
const DANGEROUS = ['drop_table', 'delete_database', 'truncate', 'purge'];
const blockDangerousTools = definePolicy({ name: 'block_dangerous_tools', priority: 100 }, (ctx) =>
  DANGEROUS.includes(String(ctx.metadata.toolName ?? '').toLowerCase())
    ? BLOCK(`Dangerous tool blocked: '${String(ctx.metadata.toolName)}'`)
    : ALLOW,
);
const tokenLimit = definePolicy({ name: 'token_limit', priority: 100 }, (ctx) => {
  const used = Number(ctx.metadata.tokensUsed ?? 0);
  const limit = Number(ctx.metadata.tokenLimit);
  return used > limit ? BLOCK(`Token limit exceeded: ${used} > ${limit}`) : ALLOW;
});
const guestsReadOnly = definePolicy({ name: 'guests_read_only', priority: 90 }, (ctx) =>
  ctx.metadata.userRole === 'guest' && String(ctx.metadata.toolName ?? '').startsWith('update_')
    ? BLOCK('Guests are read-only')
    : ALLOW,
);

// --- A week of recorded runs (in production these come from the agent's TracerProvider). ---
async function supportRun(tracer: Tracer, index: number): Promise<void> {
  const role = index % 5 === 0 ? 'guest' : 'member';
  const attributes = {
    'gen_ai.operation.name': 'invoke_agent',
    'clearstone.user.id': `user-${index}`,
    'clearstone.agent.id': 'support',
    'clearstone.user.role': role,
  };
  await tracer.span('invoke_agent support', { attributes }, async () => {
    const chat = (inputTokens: number) =>
      tracer.span(
        'chat gpt-4o',
        {
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': 'gpt-4o',
            'gen_ai.usage.input_tokens': inputTokens,
            'gen_ai.usage.output_tokens': 400,
          },
        },
        () => 'ok',
      );
    const tool = (name: string, input: unknown) =>
      tracer.span(
        `execute_tool ${name}`,
        { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name }, input },
        () => 'done',
      );
    chat(index % 4 === 0 ? 3000 : 800);
    tool('lookup_order', { orderId: 1000 + index });
    chat(index % 4 === 0 ? 3000 : 600);
    if (index % 3 === 0) tool('update_address', { orderId: 1000 + index, city: 'Lyon' });
    if (index % 7 === 0) tool('drop_table', { table: 'orders' });
    chat(500);
  });
}

const provider = new TracerProvider({ dbPath });
const tracer = provider.getTracer('support-agent', '1.0.0');
for (let index = 1; index <= 30; index++) await supportRun(tracer, index);
await provider.shutdown();

// --- The backtest. ---
using harness = new PolicyTestHarness(dbPath);
const lastWeek = { since: Date.now() - 7 * 24 * 3600 * 1000 };
const current = await harness.backtest(new PolicyEngine({ policies: [blockDangerousTools] }), lastWeek);
const proposed = await harness.backtest(
  new PolicyEngine({ policies: [blockDangerousTools, tokenLimit, guestsReadOnly] }),
  lastWeek,
  {
    metadata: { tokenLimit: 5000 },
  },
);

const line = (label: string, result: typeof current): string => {
  const summary = result.summary();
  return `${label} ${summary.policyName}: ${summary.runsBlocked} of ${summary.tracesAnalyzed} runs blocked (${summary.blockRatePercent}%), ${summary.callsEvaluated} calls evaluated`;
};
console.log(line('current ', current));
console.log(line('proposed', proposed));

const change = compareBacktests(current, proposed);
console.log(`newly blocked: ${change.newlyBlocked.length} runs; no longer blocked: ${change.noLongerBlocked.length}`);
const newlyBlocked = new Set(change.newlyBlocked);
for (const [policy, breakdown] of Object.entries(proposed.byPolicy)) {
  const runs = proposed.blockedRuns.filter((run) => run.policyName === policy && newlyBlocked.has(run.traceId));
  if (runs.length > 0)
    console.log(
      `  ${policy}: ${runs.length} runs, e.g. ${runs[0].reason} (at ${runs[0].spanName}); ${breakdown.blockedTraceIds.length} in total`,
    );
}
