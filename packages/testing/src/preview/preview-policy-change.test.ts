import { ALERT, ALLOW, ActionType, BLOCK, PAUSE } from '@clearstone/core';
import type { Trace } from '@clearstone/core';
import { PolicyEngine, definePolicy } from '@clearstone/policy';
import { traceBuilder } from '../trace-builder';
import { previewPolicyChange } from './preview-policy-change';

const noDrops = () =>
  definePolicy({ name: 'no_drops', priority: 100 }, (ctx) =>
    ctx.metadata.toolName === 'drop_table' ? BLOCK('Dropping tables is not allowed') : ALLOW,
  );
const noRefunds = () =>
  definePolicy({ name: 'no_refunds', priority: 90 }, (ctx) =>
    ctx.metadata.toolName === 'refund' ? BLOCK('Refunds need a human') : ALLOW,
  );
const alertOnGpt4o = () =>
  definePolicy({ name: 'alert_on_gpt4o', priority: 10 }, (ctx) =>
    ctx.metadata.model === 'gpt-4o' ? ALERT('Expensive model') : ALLOW,
  );
const pauseRefunds = () =>
  definePolicy({ name: 'pause_refunds', priority: 50 }, (ctx) =>
    ctx.metadata.toolName === 'refund' ? PAUSE('A human approves refunds') : ALLOW,
  );

/** Runs recorded without their decision context (older traces), so a block ends a run's replay. */
function runs(): Trace[] {
  return [
    traceBuilder({ userId: 'u1', agentId: 'support' }).llm('gpt-4o').tool('lookup_order').tool('refund').build(),
    traceBuilder({ userId: 'u2', agentId: 'support' }).tool('lookup_order').tool('drop_table').tool('refund').build(),
    traceBuilder({ userId: 'u3', agentId: 'support' }).llm('gpt-4o-mini').build(),
  ];
}

describe('previewPolicyChange', () => {
  it('reports nothing for identical sets', async () => {
    const preview = await previewPolicyChange([noDrops(), alertOnGpt4o()], [noDrops(), alertOnGpt4o()], runs());
    expect(preview.changed).toBe(false);
    expect(preview.flips).toEqual([]);
    expect(preview.summary()).toMatchObject({
      tracesAnalyzed: 3,
      callsEvaluated: 6,
      totalFlips: 0,
      newBlocks: 0,
      liftedBlocks: 0,
      byChange: {},
      policiesAdded: [],
      policiesRemoved: [],
    });
    expect(preview.byPolicy).toEqual({
      no_drops: { added: 0, removed: 0, newBlocks: 0, liftedBlocks: 0 },
      alert_on_gpt4o: { added: 0, removed: 0, newBlocks: 0, liftedBlocks: 0 },
    });
  });

  it('lists each call whose final action differs, with counts per change and per policy', async () => {
    const traces = runs();
    // Baseline blocks drop_table; head stops blocking it, blocks refunds and alerts on gpt-4o.
    const preview = await previewPolicyChange([noDrops()], [noRefunds(), alertOnGpt4o()], traces);
    const [first, second] = traces;
    const spanOf = (trace: Trace, name: string) => trace.spans.find((span) => span.name.endsWith(name))!.spanId;
    expect(preview.flips).toEqual([
      {
        traceId: first.traceId,
        spanId: spanOf(first, 'gpt-4o'),
        kind: 'model',
        model: 'gpt-4o',
        userId: 'u1',
        before: ActionType.ALLOW,
        after: ActionType.ALERT,
        afterPolicy: 'alert_on_gpt4o',
        reason: 'Expensive model',
      },
      {
        traceId: first.traceId,
        spanId: spanOf(first, 'refund'),
        kind: 'tool',
        toolName: 'refund',
        userId: 'u1',
        before: ActionType.ALLOW,
        after: ActionType.BLOCK,
        afterPolicy: 'no_refunds',
        reason: 'Refunds need a human',
      },
      {
        traceId: second.traceId,
        spanId: spanOf(second, 'drop_table'),
        kind: 'tool',
        toolName: 'drop_table',
        userId: 'u2',
        before: ActionType.BLOCK,
        after: ActionType.ALLOW,
        beforePolicy: 'no_drops',
        reason: 'Dropping tables is not allowed',
      },
    ]);
    // The second run is not compared past drop_table: the baseline's run stopped there.
    expect(preview.summary()).toMatchObject({
      tracesAnalyzed: 3,
      callsEvaluated: 6,
      totalFlips: 3,
      flipsListed: 3,
      newBlocks: 1,
      liftedBlocks: 1,
      byChange: { 'allow→alert': 1, 'allow→block': 1, 'block→allow': 1 },
      policiesAdded: ['no_refunds', 'alert_on_gpt4o'],
      policiesRemoved: ['no_drops'],
      decisions: {
        baseline: { allow: 5, block: 1, alert: 0 },
        head: { allow: 4, block: 1, alert: 1 },
      },
    });
    expect(preview.byPolicy).toEqual({
      no_drops: { added: 0, removed: 1, newBlocks: 0, liftedBlocks: 1 },
      no_refunds: { added: 1, removed: 0, newBlocks: 1, liftedBlocks: 0 },
      alert_on_gpt4o: { added: 1, removed: 0, newBlocks: 0, liftedBlocks: 0 },
    });
  });

  it('keeps comparing after a block on a call recorded with its context: it was decided live', async () => {
    const trace = traceBuilder({ userId: 'u1', agentId: 'support' })
      .blockedTool('drop_table', { policyContext: {} })
      .tool('refund', { policyContext: {} })
      .build();
    const preview = await previewPolicyChange([noDrops()], [noRefunds()], [trace]);
    expect(preview.callsEvaluated).toBe(2);
    expect(preview.flips.map((flip) => `${flip.toolName} ${flip.before}→${flip.after}`)).toEqual([
      'drop_table block→allow',
      'refund allow→block',
    ]);
    // continueAfterBlock does the same for calls recorded without their context.
    const old = await previewPolicyChange([noDrops()], [noRefunds()], runs(), { continueAfterBlock: true });
    expect(old.callsEvaluated).toBe(7);
    expect(old.byChange).toEqual({ 'allow→block': 2, 'block→allow': 1 });
  });

  it('reports a pause and a changed alert, counts every flip but lists at most maxFlips', async () => {
    const preview = await previewPolicyChange([alertOnGpt4o()], [pauseRefunds()], runs(), { maxFlips: 1 });
    expect(preview.totalFlips).toBe(3);
    expect(preview.truncated).toBe(true);
    expect(preview.flips).toHaveLength(1);
    expect(preview.byChange).toEqual({ 'alert→allow': 1, 'allow→pause': 2 });
    const none = await previewPolicyChange([alertOnGpt4o()], [pauseRefunds()], runs(), { maxFlips: 0 });
    expect(none.flips).toEqual([]);
    expect(none.summary()).toMatchObject({ totalFlips: 3, flipsListed: 0 });
  });

  it('evaluates each call once per set with async policies, from engines or arrays', async () => {
    const calls = { baseline: 0, head: 0 };
    const slowNoDrops = definePolicy({ name: 'slow_no_drops', priority: 100 }, async (ctx) => {
      calls.baseline++;
      await new Promise((resolve) => setTimeout(resolve, 1));
      return ctx.metadata.toolName === 'drop_table' ? BLOCK('no') : ALLOW;
    });
    const countingRefunds = definePolicy({ name: 'counting_refunds', priority: 100 }, (ctx) => {
      calls.head++;
      return ctx.metadata.toolName === 'refund' ? BLOCK('no refunds') : ALLOW;
    });
    const baseline = new PolicyEngine({ policies: [slowNoDrops] });
    const evaluateSync = jest.spyOn(baseline, 'evaluateSync');
    const preview = await previewPolicyChange(baseline, [countingRefunds], runs());
    expect(preview.callsEvaluated).toBe(6);
    expect(calls).toEqual({ baseline: 6, head: 6 });
    expect(evaluateSync).not.toHaveBeenCalled();
    expect(preview.byChange).toEqual({ 'allow→block': 1, 'block→allow': 1 });
  });

  it('compares against no policies at all, passes metadata to both sets and takes async iterables', async () => {
    const tokenLimit = definePolicy({ name: 'token_limit', priority: 100 }, (ctx) =>
      (ctx.metadata.tokensUsed as number) > (ctx.metadata.tokenLimit as number) ? BLOCK('over') : ALLOW,
    );
    const trace = traceBuilder({ userId: 'u1' })
      .llm('gpt-4o', { inputTokens: 400, outputTokens: 200 })
      .llm('gpt-4o', { inputTokens: 400, outputTokens: 200 })
      .build();
    async function* stream() {
      yield trace;
    }
    const preview = await previewPolicyChange([], [tokenLimit], stream(), { metadata: { tokenLimit: 500 } });
    expect(preview.baseline).toBe('PolicyEngine()');
    expect(preview.flips).toEqual([expect.objectContaining({ kind: 'model', before: 'allow', after: 'block' })]);
  });

  it('rejects bad arguments with InvalidArgumentError', async () => {
    await expect(previewPolicyChange({} as never, [noDrops()], [])).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      argument: 'baseline',
    });
    await expect(previewPolicyChange([noDrops()], 42 as never, [])).rejects.toMatchObject({ argument: 'head' });
    await expect(previewPolicyChange([noDrops()], [noDrops()], 7 as never)).rejects.toMatchObject({
      argument: 'traces',
    });
    for (const maxFlips of [-1, 1.5, Number.NaN, '3']) {
      await expect(
        previewPolicyChange([noDrops()], [noDrops()], [], { maxFlips: maxFlips as number }),
      ).rejects.toMatchObject({ argument: 'maxFlips' });
    }
    await expect(
      previewPolicyChange([noDrops()], [noDrops()], [], { evaluation: 'eventually' as never }),
    ).rejects.toMatchObject({ argument: 'evaluation' });
  });
});
