// A policy change previewed on the recording of a real agent: a createAgent agent governed by
// clearstoneMiddleware (baseline policies, blocked calls answered with a tool message so runs go on)
// and traced by TracingCallbackHandler into a SQLite file. previewPolicyChange then replays the
// recording under the baseline and a changed head set, and must report exactly the flips a reading
// of the two sets predicts, and nothing for identical sets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALERT, ALLOW, ActionType, BLOCK, ContextKeys, type PolicyContext } from '@clearstone/core';
import { PolicyEngine, definePolicy, type EvaluationResult } from '@clearstone/policy';
import { PolicyTestHarness, previewPolicyChange, type PolicyFlip } from '@clearstone/testing';
import { answer, callTool, recordGovernedRuns, type ScriptedRun } from './support/governed-agent';

const toolName = (ctx: PolicyContext) => ctx.metadata[ContextKeys.TOOL_NAME];

const guestsNoAdmin = () =>
  definePolicy({ name: 'guests_no_admin', priority: 100 }, (ctx: PolicyContext) =>
    ctx.metadata.role === 'guest' && toolName(ctx) === 'admin_panel'
      ? BLOCK('Guests cannot use the admin panel')
      : ALLOW,
  );

/** The policies in production: nobody deletes. */
function baseline() {
  return [
    guestsNoAdmin(),
    definePolicy({ name: 'no_deletes', priority: 90 }, (ctx: PolicyContext) =>
      toolName(ctx) === 'delete_database' ? BLOCK('Deletes need a ticket') : ALLOW,
    ),
  ];
}

/**
 * The proposed policies: admins may delete; the free plan may not send email and its searches are
 * reported; suspended users may not call models.
 */
function head() {
  return [
    guestsNoAdmin(),
    definePolicy({ name: 'no_deletes', priority: 90 }, (ctx: PolicyContext) =>
      toolName(ctx) === 'delete_database' && ctx.metadata.role !== 'admin' ? BLOCK('Deletes need a ticket') : ALLOW,
    ),
    definePolicy({ name: 'free_plan_no_email', priority: 80 }, (ctx: PolicyContext) =>
      ctx.metadata.plan === 'free' && toolName(ctx) === 'send_email' ? BLOCK('The free plan cannot send email') : ALLOW,
    ),
    definePolicy({ name: 'suspended_no_models', priority: 70 }, (ctx: PolicyContext) =>
      ctx.metadata.suspended === true && ctx.metadata[ContextKeys.EVENT_TYPE] === 'model_call'
        ? BLOCK('Suspended users cannot call models')
        : ALLOW,
    ),
    definePolicy({ name: 'report_free_searches', priority: 10 }, (ctx: PolicyContext) =>
      ctx.metadata.plan === 'free' && toolName(ctx) === 'search' ? ALERT('Search on the free plan') : ALLOW,
    ),
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
    metadata: { role: 'admin', plan: 'pro' },
    script: [
      callTool('delete_database', { value: 'staging' }, 'b1'),
      callTool('search', { value: 'x' }, 'b2'),
      answer('done'),
    ],
  },
  {
    user: 'free-1',
    metadata: { role: 'user', plan: 'free' },
    script: [
      callTool('search', { value: 'news' }, 'c1'),
      callTool('send_email', { value: 'digest' }, 'c2'),
      answer('sent'),
    ],
  },
  {
    user: 'suspended-1',
    metadata: { role: 'user', plan: 'pro', suspended: true },
    script: [callTool('search', { value: 'y' }, 'd1'), answer('found')],
  },
  {
    user: 'guest-2',
    metadata: { role: 'guest', plan: 'pro' },
    script: [callTool('delete_database', { value: 'prod' }, 'e1'), answer('no')],
  },
];

/** A flip as the expectation below spells it. */
const describeFlip = (flip: PolicyFlip): string =>
  `${flip.userId} ${flip.kind === 'tool' ? flip.toolName : 'model'} ${flip.before}→${flip.after} ` +
  `${flip.beforePolicy ?? '-'}→${flip.afterPolicy ?? '-'}`;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clearstone-preview-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('previewPolicyChange on the recording of a governed agent', () => {
  let dbPath: string;
  let liveDecisions: string[];

  beforeAll(async () => {
    dbPath = join(dir, 'traces.db');
    liveDecisions = [];
    const engine = new PolicyEngine({
      policies: baseline(),
      onDecision: (result: EvaluationResult) => liveDecisions.push(result.decision.action),
    });
    await recordGovernedRuns(dbPath, engine, runs);
  });

  it('reports exactly the calls the change flips: a block lifted, a block and an alert added', async () => {
    using harness = new PolicyTestHarness(dbPath);
    const preview = await previewPolicyChange(baseline(), head(), harness.iterateTraces());

    expect(preview.tracesAnalyzed).toBe(runs.length);
    // Every governed call of the recording is compared, blocked ones and those after them included.
    expect(preview.callsEvaluated).toBe(liveDecisions.length);
    // The baseline replay decides as the live run did.
    expect(preview.decisions.baseline[ActionType.BLOCK]).toBe(
      liveDecisions.filter((action) => action === ActionType.BLOCK).length,
    );

    expect(preview.flips.map(describeFlip).sort()).toEqual(
      [
        // no_deletes now lets admins delete; guest-2's delete stays blocked.
        'admin-1 delete_database block→allow no_deletes→-',
        // free_plan_no_email and report_free_searches are new.
        'free-1 search allow→alert -→report_free_searches',
        'free-1 send_email allow→block -→free_plan_no_email',
        // suspended_no_models blocks both model calls of the suspended user's run (the live run went on).
        'suspended-1 model allow→block -→suspended_no_models',
        'suspended-1 model allow→block -→suspended_no_models',
      ].sort(),
    );
    expect(preview.summary()).toMatchObject({
      totalFlips: 5,
      flipsListed: 5,
      newBlocks: 3,
      liftedBlocks: 1,
      byChange: { 'block→allow': 1, 'allow→alert': 1, 'allow→block': 3 },
      policiesAdded: ['free_plan_no_email', 'suspended_no_models', 'report_free_searches'],
      policiesRemoved: [],
    });
    expect(preview.byPolicy).toEqual({
      guests_no_admin: { added: 0, removed: 0, newBlocks: 0, liftedBlocks: 0 },
      no_deletes: { added: 0, removed: 1, newBlocks: 0, liftedBlocks: 1 },
      free_plan_no_email: { added: 1, removed: 0, newBlocks: 1, liftedBlocks: 0 },
      suspended_no_models: { added: 2, removed: 0, newBlocks: 2, liftedBlocks: 0 },
      report_free_searches: { added: 1, removed: 0, newBlocks: 0, liftedBlocks: 0 },
    });
    const lifted = preview.flips.find((flip) => flip.before === ActionType.BLOCK)!;
    expect(lifted).toMatchObject({ kind: 'tool', reason: 'Deletes need a ticket' });
    const spans = harness.getTrace(lifted.traceId)!.spans.map((span) => span.spanId);
    expect(spans).toContain(lifted.spanId);
  });

  it('reports nothing for identical sets', async () => {
    using harness = new PolicyTestHarness(dbPath);
    const preview = await previewPolicyChange(baseline(), baseline(), harness.iterateTraces());
    expect(preview.callsEvaluated).toBe(liveDecisions.length);
    expect(preview.totalFlips).toBe(0);
    expect(preview.flips).toEqual([]);
    expect(preview.byChange).toEqual({});
    const same = await previewPolicyChange(head(), head(), harness.iterateTraces());
    expect(same.totalFlips).toBe(0);
  });
});
