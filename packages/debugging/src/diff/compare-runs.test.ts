import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClearstoneAttributes,
  ClearstoneEvents,
  GenAiAttributes,
  GenAiOperations,
  GovernedOutcomes,
  SpanKind,
  type Attributes,
  type Trace,
} from '@clearstone/core';
import { TraceStore, TracerProvider, type Tracer } from '@clearstone/observability';
import { DiffError, compareRuns, formatTraceComparison, type TraceComparison } from '..';

/** One call of a scripted run. */
interface Call {
  kind: 'model' | 'tool';
  /** Tool name, or the model. */
  name: string;
  input: unknown;
  output?: unknown;
  tokens?: [number, number];
  costUsd?: number;
  /** A decision that did not let the call run. */
  blockedBy?: { policy: string; reason: string };
  error?: string;
}

function callAttributes(call: Call): Attributes {
  const attributes: Attributes =
    call.kind === 'tool'
      ? { [GenAiAttributes.OPERATION_NAME]: GenAiOperations.EXECUTE_TOOL, [GenAiAttributes.TOOL_NAME]: call.name }
      : { [GenAiAttributes.OPERATION_NAME]: GenAiOperations.CHAT, [GenAiAttributes.REQUEST_MODEL]: call.name };
  if (call.tokens !== undefined) {
    attributes[GenAiAttributes.USAGE_INPUT_TOKENS] = call.tokens[0];
    attributes[GenAiAttributes.USAGE_OUTPUT_TOKENS] = call.tokens[1];
  }
  if (call.costUsd !== undefined) attributes[ClearstoneAttributes.COST_USD] = call.costUsd;
  attributes[ClearstoneAttributes.GOVERNED_OUTCOME] =
    call.blockedBy === undefined ? GovernedOutcomes.EXECUTED : GovernedOutcomes.BLOCKED;
  return attributes;
}

/** Records a run of scripted calls under an `invoke_agent` root, with a chain span around each call as frameworks do. */
async function recordRun(tracer: Tracer, calls: readonly Call[]): Promise<string> {
  return tracer.span(
    'invoke_agent trip-planner',
    { attributes: { [GenAiAttributes.OPERATION_NAME]: GenAiOperations.INVOKE_AGENT } },
    async (root) => {
      for (const call of calls) {
        await tracer.span(call.kind === 'tool' ? 'tools' : 'model_request', async () => {
          await tracer
            .span(
              call.kind === 'tool' ? `execute_tool ${call.name}` : `chat ${call.name}`,
              {
                kind: call.kind === 'model' ? SpanKind.CLIENT : SpanKind.INTERNAL,
                input: call.input,
                attributes: callAttributes(call),
              },
              async (span) => {
                span.addEvent(ClearstoneEvents.POLICY_DECISION, {
                  [ClearstoneAttributes.POLICY_ACTION]: call.blockedBy === undefined ? 'allow' : 'block',
                  ...(call.blockedBy === undefined
                    ? {}
                    : {
                        [ClearstoneAttributes.POLICY_NAME]: call.blockedBy.policy,
                        [ClearstoneAttributes.POLICY_REASON]: call.blockedBy.reason,
                      }),
                });
                await new Promise((resolve) => setTimeout(resolve, 2));
                if (call.error !== undefined) throw new Error(call.error);
                if (call.output !== undefined) span.setOutput(call.output);
              },
            )
            .catch(() => undefined);
        });
      }
      return root.traceId;
    },
  );
}

/** A model call's messages, each with a fresh id as chat libraries give them. */
const messages = (...contents: string[]) =>
  contents.map((content, index) => ({ id: randomUUID(), role: index % 2 === 0 ? 'user' : 'assistant', content }));

const before: Call[] = [
  {
    kind: 'model',
    name: 'gpt-4o',
    input: messages('plan a trip'),
    output: { content: '', toolCalls: [{ id: randomUUID(), name: 'search', args: { q: 'paris' } }] },
    tokens: [900, 100],
    costUsd: 0.01,
  },
  { kind: 'tool', name: 'search', input: { q: 'paris' }, output: ['Paris: 18°C'] },
  { kind: 'tool', name: 'send_email', input: { to: 'me@example.com' }, output: 'sent' },
  {
    kind: 'model',
    name: 'gpt-4o',
    input: messages('plan a trip', 'Paris: 18°C'),
    output: { content: 'Go to Paris.' },
    tokens: [1000, 50],
    costUsd: 0.012,
  },
];

const after: Call[] = [
  {
    kind: 'model',
    name: 'gpt-4o-mini',
    input: messages('plan a trip'),
    output: { content: '', toolCalls: [{ id: randomUUID(), name: 'search', args: { q: 'paris' } }] },
    tokens: [900, 120],
    costUsd: 0.001,
  },
  { kind: 'tool', name: 'search', input: { q: 'rome' }, output: ['Rome: 24°C'] },
  { kind: 'tool', name: 'search', input: { q: 'paris' }, output: ['Paris: 18°C'] },
  {
    kind: 'tool',
    name: 'send_email',
    input: { to: 'me@example.com' },
    blockedBy: { policy: 'no_email', reason: 'Email is off' },
  },
  { kind: 'tool', name: 'book_hotel', input: { city: 'Rome' }, error: 'hotel API down' },
  {
    kind: 'model',
    name: 'gpt-4o-mini',
    input: messages('plan a trip', 'Paris: 18°C'),
    output: { content: 'Go to Paris.' },
    tokens: [1000, 60],
    costUsd: 0.0015,
  },
];

let store: TraceStore;
let traces: { before: Trace; after: Trace; again: Trace };

beforeAll(async () => {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'compare-runs-')), 'traces.db');
  const provider = new TracerProvider({ dbPath });
  const tracer = provider.getTracer('trip-planner');
  const ids = {
    before: await recordRun(tracer, before),
    after: await recordRun(tracer, after),
    again: await recordRun(tracer, before),
  };
  await provider.shutdown();
  store = new TraceStore(dbPath, { readonly: true });
  traces = {
    before: store.getTrace(ids.before)!,
    after: store.getTrace(ids.after)!,
    again: store.getTrace(ids.again)!,
  };
});

afterAll(() => store.close());

describe('compareRuns', () => {
  let comparison: TraceComparison;
  beforeAll(() => {
    comparison = compareRuns(traces.before, traces.after);
  });

  it('aligns tool and model calls, pairing a repeated call with the one that had the same input', () => {
    expect(
      comparison.steps.map((step) => [step.op, step.kind, step.name, step.a?.input ?? null, step.b?.input ?? null]),
    ).toEqual([
      ['changed', 'model', 'gpt-4o-mini', expect.any(String), expect.any(String)],
      ['added', 'tool', 'search', null, '{"q":"rome"}'],
      ['same', 'tool', 'search', '{"q":"paris"}', '{"q":"paris"}'],
      ['changed', 'tool', 'send_email', '{"to":"me@example.com"}', '{"to":"me@example.com"}'],
      ['added', 'tool', 'book_hotel', null, '{"city":"Rome"}'],
      ['changed', 'model', 'gpt-4o-mini', expect.any(String), expect.any(String)],
    ]);
    expect(comparison.counts).toEqual({ same: 1, changed: 3, added: 2, removed: 0 });
    expect(comparison.identical).toBe(false);
  });

  it('says what changed on each pair, ignoring ids that differ between runs', () => {
    expect(comparison.steps[0].changes).toEqual(['model']);
    expect(comparison.steps[3].changes).toEqual(['output', 'decision', 'outcome']);
    expect(comparison.steps[3].a).toMatchObject({ outcome: 'executed', prevented: false });
    expect(comparison.steps[3].b).toMatchObject({
      outcome: 'blocked',
      prevented: true,
      decision: { action: 'block', policy: 'no_email', reason: 'Email is off' },
      output: null,
    });
    expect(comparison.steps[4].b).toMatchObject({ status: 'ERROR', error: 'hotel API down' });
    expect(comparison.steps[5].changes).toEqual(['model']);
  });

  it('gives per-step and total token, cost and duration differences', () => {
    expect(comparison.steps[0].delta).toMatchObject({ inputTokens: 0, outputTokens: 20, totalTokens: 20 });
    expect(comparison.steps[0].delta.costUsd).toBeCloseTo(-0.009, 10);
    expect(comparison.steps[1].delta.durationMs).toBe(comparison.steps[1].b!.durationMs);
    expect(comparison.a.totals).toMatchObject({
      inputTokens: 1900,
      outputTokens: 150,
      totalTokens: 2050,
      modelCalls: 2,
      toolCalls: 2,
      blockedCalls: 0,
      errors: 0,
    });
    expect(comparison.b.totals).toMatchObject({
      totalTokens: 2080,
      modelCalls: 2,
      toolCalls: 4,
      blockedCalls: 1,
      errors: 1,
    });
    expect(comparison.delta).toMatchObject({
      inputTokens: 0,
      outputTokens: 30,
      totalTokens: 30,
      modelCalls: 0,
      toolCalls: 2,
      blockedCalls: 1,
      errors: 1,
    });
    expect(comparison.a.totals.costUsd).toBeCloseTo(0.022, 10);
    expect(comparison.delta.costUsd).toBeCloseTo(0.0025 - 0.022, 10);
    expect(comparison.delta.durationMs).toBeCloseTo(
      comparison.b.totals.durationMs! - comparison.a.totals.durationMs!,
      6,
    );
    expect(comparison.a).toMatchObject({
      traceId: traces.before.traceId,
      name: 'invoke_agent trip-planner',
      status: 'OK',
    });
  });

  it('lists the decisions that changed', () => {
    expect(comparison.decisionChanges).toEqual([
      {
        step: 3,
        kind: 'tool',
        name: 'send_email',
        policy: 'no_email',
        before: { action: 'allow', policy: null, reason: null },
        after: { action: 'block', policy: 'no_email', reason: 'Email is off' },
      },
    ]);
  });

  it('is plain JSON data', () => {
    expect(JSON.parse(JSON.stringify(comparison))).toEqual(comparison);
  });

  it('finds two runs of the same script identical, whatever ids their messages carry', () => {
    const same = compareRuns(traces.before, traces.again);
    expect(same.identical).toBe(true);
    expect(same.counts).toEqual({ same: 4, changed: 0, added: 0, removed: 0 });
    expect(same.delta).toMatchObject({ totalTokens: 0, costUsd: 0, toolCalls: 0 });
    expect(formatTraceComparison(same)).toContain('Same steps: 4 tool and model call(s) alike, no decision changed.');
  });

  it('shows removed steps when compared the other way round', () => {
    const reverse = compareRuns(traces.after, traces.before);
    expect(reverse.steps.map((step) => step.op)).toEqual([
      'changed',
      'removed',
      'same',
      'changed',
      'removed',
      'changed',
    ]);
    expect(reverse.decisionChanges[0]).toMatchObject({ before: { action: 'block' }, after: { action: 'allow' } });
  });

  it('formats the comparison as text', () => {
    if (process.env.SHOW_COMPARISON) console.log(formatTraceComparison(comparison));
    const text = formatTraceComparison(comparison).split('\n');
    expect(text[0]).toBe(`Comparing A ${traces.before.traceId} → B ${traces.after.traceId}`);
    expect(text).toContain('Steps: 1 same, 3 changed, 2 added, 0 removed');
    expect(text.find((line) => line.startsWith('  + tool search'))).toMatch(/^ {2}\+ tool search \{"q":"rome"\} +\d/);
    expect(text.find((line) => line.startsWith('  ~ tool send_email'))).toMatch(
      /changed: output, decision, outcome {2}BLOCKED · block \(no_email\)$/,
    );
    expect(text).toContain('        model    gpt-4o → gpt-4o-mini');
    expect(text).toContain('  tool send_email (no_email): allow → block  Email is off');
    expect(text.find((line) => line.startsWith('  tokens'))).toMatch(/^ {2}tokens +2,050 +2,080 +\+30$/);
    expect(text.find((line) => line.startsWith('  blocked calls'))).toMatch(/ +0 +1 +\+1$/);
    expect(text.find((line) => line.startsWith('  cost'))).toMatch(/\$0\.0220 +\$0\.0025 +-\$0\.0195$/);
  });

  it('folds long runs of unchanged steps when given a context', () => {
    const same = formatTraceComparison(compareRuns(traces.before, traces.again), { context: 0 }).split('\n');
    expect(same).toContain('    … 4 unchanged steps');
    expect(same.filter((line) => / {4}(model|tool) /.test(line))).toEqual([]);
    const steps = (text: string) => text.split('\n').filter((line) => /^ {2}[ ~+-] (model|tool) |^ {4}… /.test(line));
    expect(steps(formatTraceComparison(comparison, { context: 0 })).map((line) => line.slice(0, 20).trimEnd())).toEqual(
      [
        '  ~ model gpt-4o-min',
        '  + tool search {"q"',
        '    … 1 unchanged st',
        '  ~ tool send_email',
        '  + tool book_hotel',
        '  ~ model gpt-4o-min',
      ],
    );
    expect(steps(formatTraceComparison(comparison, { context: 1 }))).toHaveLength(6);
    expect(() => formatTraceComparison(comparison, { context: -1 })).toThrow(DiffError);
  });

  it('colours with the styles it is given', () => {
    const text = formatTraceComparison(comparison, {
      styles: { green: (value) => `<g>${value}</g>`, red: (value) => `<r>${value}</r>` },
    });
    expect(text).toContain('<g>  + tool book_hotel');
    expect(text).toMatch(/blocked calls +0 +1 +<r>\+1<\/r>/);
    expect(text).toMatch(/cost .*<g>-\$0\.0195<\/g>/);
  });

  it('rejects what is not a recorded trace with a DiffError', () => {
    expect(() => compareRuns({} as Trace, traces.after)).toThrow(DiffError);
    expect(() => compareRuns(traces.before, { ...traces.after, traceId: 'nope' })).toThrow(/invalid trace id 'nope'/);
    expect(() => compareRuns(traces.before, traces.after, { maxValueLength: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });
});
