import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALLOW,
  ActionType,
  BLOCK,
  ContextKeys,
  GovernedOutcomes,
  SpanKind,
  SpanStatusCode,
  captureSnapshot,
} from '@clearstone/core';
import type { PolicyContext, SpanRecord, Trace } from '@clearstone/core';
import { TraceStore, TraceStoreError, TracerProvider } from '@clearstone/observability';
import { temporaryDirectory, writeTraces } from '../../test/support/trace-files';
import { assertNoErrorsInTrace, assertSpanOrder, assertToolWasCalled } from '../assertions';
import { HarnessError } from '../errors';
import { traceBuilder } from '../trace-builder';
import { PolicyTestHarness } from './policy-test-harness';

const BASE_MS = Date.UTC(2025, 2, 1);
const minutes = (count: number): number => BASE_MS + count * 60_000;

let directory = '';
let cleanup: () => void = () => undefined;
beforeEach(() => ({ directory, cleanup } = temporaryDirectory()));
afterEach(() => cleanup());

/** Records a research run with the real tracer: plan → search → synthesize, optionally failing. */
async function recordResearchRun(
  provider: TracerProvider,
  options: { fail?: boolean; searches?: number; agent?: string } = {},
): Promise<string> {
  const tracer = provider.getTracer(options.agent ?? 'research_agent');
  return tracer.span('research_workflow', { attributes: { 'clearstone.user.id': 'u1' } }, async (root) => {
    tracer.span('plan', () => undefined);
    for (let index = 0; index < (options.searches ?? 1); index++) {
      await tracer.span(
        'search_tool',
        {
          attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'web_search' },
          input: { query: `q${index}` },
        },
        async () => 'results',
      );
    }
    if (options.fail) {
      try {
        tracer.span('synthesize', () => {
          throw new Error('model unavailable');
        });
      } catch {
        // the agent carries on
      }
    } else {
      tracer.span('synthesize', () => 'answer');
    }
    return root.traceId;
  });
}

describe('PolicyTestHarness with traces recorded by the real tracer (integration)', () => {
  it('round-trips provider → shutdown → harness: one trace, tool called once, order, no errors', async () => {
    const dbPath = join(directory, 'agent_traces.db');
    const provider = new TracerProvider({ dbPath });
    const traceId = await recordResearchRun(provider);
    await provider.shutdown();

    const harness = new PolicyTestHarness(dbPath);
    const traces = harness.loadTraces();
    expect(traces.map((trace) => trace.traceId)).toEqual([traceId]);
    expect(traces[0].spans.map((span) => span.name)).toEqual([
      'research_workflow',
      'plan',
      'search_tool',
      'synthesize',
    ]);
    expect(harness.simulatePolicy(assertToolWasCalled('web_search', { times: 1 }), traces).runsBlocked).toBe(0);
    expect(harness.simulatePolicy(assertSpanOrder(['plan', 'search_tool', 'synthesize']), traces).runsBlocked).toBe(0);
    expect(harness.simulatePolicy(assertNoErrorsInTrace(), traces).runsBlocked).toBe(0);
    harness.close();
  });

  it('blocks the faulty run: the error is recorded, 1 run blocked, 100% of runs', async () => {
    const dbPath = join(directory, 'faulty.db');
    const provider = new TracerProvider({ dbPath });
    const traceId = await recordResearchRun(provider, { fail: true });
    await provider.shutdown();

    using harness = new PolicyTestHarness(dbPath);
    const result = harness.simulatePolicy(assertNoErrorsInTrace(), { limit: 10 });
    expect(result.summary()).toEqual({
      policyName: 'assertNoErrorsInTrace()',
      tracesAnalyzed: 1,
      spansAnalyzed: 4,
      decisions: { allow: 0, block: 1, pause: 0, alert: 0, redact: 0, skip: 0 },
      runsBlocked: 1,
      blockRatePercent: 100,
      blockedTraceIds: [traceId],
    });
  });

  it('checks exact tool counts: 2 passes, 3 blocks', async () => {
    const dbPath = join(directory, 'counts.db');
    const provider = new TracerProvider({ dbPath });
    await recordResearchRun(provider, { searches: 2 });
    await provider.shutdown();
    using harness = new PolicyTestHarness(dbPath);
    expect(harness.simulatePolicy(assertToolWasCalled('web_search', { times: 2 }), {}).runsBlocked).toBe(0);
    expect(harness.simulatePolicy(assertToolWasCalled('web_search', { times: 3 }), {}).runsBlocked).toBe(1);
  });

  it('keeps five runs of five agents apart, newest first, all passing the order assertion', async () => {
    const dbPath = join(directory, 'five.db');
    const provider = new TracerProvider({ dbPath });
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) ids.push(await recordResearchRun(provider, { agent: `agent_${index}` }));
    await provider.shutdown();
    using harness = new PolicyTestHarness(dbPath);
    const traces = harness.loadTraces();
    expect(traces.map((trace) => trace.traceId)).toEqual([...ids].reverse());
    expect(
      harness.simulatePolicy(assertSpanOrder(['plan', 'search_tool', 'synthesize']), traces).summary().runsBlocked,
    ).toBe(0);
  });
});

describe('PolicyTestHarness.loadTraces and iterateTraces', () => {
  /** Ten runs, one a minute, the odd ones by agent "beta" and failing. */
  function tenRuns(): Trace[] {
    return Array.from({ length: 10 }, (_, index) => {
      const builder = traceBuilder({ agentId: index % 2 ? 'beta' : 'alpha', startTime: minutes(index) })
        .tool('web_search')
        .llm('gpt-4o');
      if (index % 2) builder.error('failed');
      return builder.build();
    });
  }

  it('returns traces newest first by root start, spans in start order, with the default limit of 100', () => {
    const dbPath = join(directory, 'ten.db');
    const runs = tenRuns();
    writeTraces(
      dbPath,
      [...runs].sort(() => 0.5 - Math.random()),
    );
    using harness = new PolicyTestHarness(dbPath);
    const loaded = harness.loadTraces();
    expect(loaded.map((trace) => trace.traceId)).toEqual(runs.map((trace) => trace.traceId).reverse());
    expect(loaded[0]).toEqual(runs[9]);
    for (const trace of loaded) {
      const starts = trace.spans.map((span) => span.startTimeNs);
      expect([...starts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(starts);
    }
  });

  it('applies limit, since, until and root / status / predicate filters', () => {
    const dbPath = join(directory, 'ten.db');
    const runs = tenRuns();
    writeTraces(dbPath, runs);
    using harness = new PolicyTestHarness(dbPath);
    const ids = (traces: Trace[]) => traces.map((trace) => runs.findIndex((run) => run.traceId === trace.traceId));
    expect(ids(harness.loadTraces({ limit: 3 }))).toEqual([9, 8, 7]);
    expect(ids(harness.loadTraces({ since: minutes(6) }))).toEqual([9, 8, 7, 6]);
    expect(ids(harness.loadTraces({ since: new Date(minutes(2)), until: BigInt(minutes(5)) * 1_000_000n }))).toEqual([
      4, 3, 2,
    ]);
    expect(ids(harness.loadTraces({ filter: { name: 'invoke_agent beta' }, limit: 2 }))).toEqual([9, 7]);
    expect(ids(harness.loadTraces({ filter: { attributes: { 'clearstone.agent.id': 'alpha' } } }))).toEqual([
      8, 6, 4, 2, 0,
    ]);
    expect(ids(harness.loadTraces({ filter: { status: SpanStatusCode.ERROR } }))).toEqual([9, 7, 5, 3, 1]);
    expect(ids(harness.loadTraces({ filter: (trace) => trace.spans.length === 3, limit: 1 }))).toEqual([9]);
    expect(harness.loadTraces({ limit: 0 })).toEqual([]);
  });

  it('streams every trace in small batches in the same order as loadTraces', () => {
    const dbPath = join(directory, 'ten.db');
    writeTraces(dbPath, tenRuns());
    using harness = new PolicyTestHarness(dbPath);
    const streamed = [...harness.iterateTraces({ batchSize: 3 })];
    expect(streamed).toEqual(harness.loadTraces());
    expect([...harness.iterateTraces({ batchSize: 4, limit: 5 })]).toEqual(harness.loadTraces({ limit: 5 }));
  });

  it('lists a trace once when two processes each recorded a local root for it', () => {
    const dbPath = join(directory, 'two-roots.db');
    const trace = traceBuilder({ startTime: minutes(0) })
      .tool('web_search')
      .build();
    const remoteParent = 'aaaaaaaaaaaaaaaa';
    const secondRoot: SpanRecord = {
      ...trace.spans[1],
      spanId: 'bbbbbbbbbbbbbbbb',
      parentSpanId: remoteParent,
      startTimeNs: trace.startTimeNs + 5_000_000_000n,
    };
    const store = new TraceStore(dbPath);
    store.writeSpans([...trace.spans, { ...secondRoot, isRoot: true } as SpanRecord]);
    store.close();
    using harness = new PolicyTestHarness(dbPath);
    const loaded = harness.loadTraces();
    expect(loaded).toHaveLength(1);
    expect(loaded[0].spans).toHaveLength(3);
  });

  it('decodes every stored field as TraceStore does: ids, kinds, statuses, events, links, snapshots, errors, versions', () => {
    const dbPath = join(directory, 'fields.db');
    const traceId = 'f'.repeat(32);
    const base = BigInt(minutes(0)) * 1_000_000n;
    const input = captureSnapshot({ query: 'weather', limit: 3 });
    const output = captureSnapshot(['sunny']);
    const root: SpanRecord = {
      traceId,
      spanId: 'ffffffffffffff01',
      name: 'invoke_agent full',
      kind: SpanKind.SERVER,
      startTimeNs: base,
      endTimeNs: base + 9_000n,
      durationNs: 9_000n,
      attributes: { 'clearstone.user.id': 'u1', list: ['a', 'b'], flag: true },
      status: SpanStatusCode.ERROR,
      errorMessage: 'tool failed',
      errorStack: 'Error: tool failed\n    at run (agent.ts:1:1)',
      events: [{ name: 'exception', timeNs: base + 5n, attributes: { 'exception.type': 'Error' } }],
      links: [{ traceId: 'a'.repeat(32), spanId: '0000000000000001', attributes: { reason: 'retry' } }],
      instrumentationName: 'agent',
      instrumentationVersion: '1.2.3',
    };
    const tool: SpanRecord = {
      traceId,
      spanId: 'tool-call-1',
      parentSpanId: root.spanId,
      name: 'execute_tool web_search',
      kind: SpanKind.CONSUMER,
      startTimeNs: base + 10n,
      attributes: {},
      status: SpanStatusCode.UNSET,
      events: [],
      links: [],
      input,
      output,
      instrumentationName: 'agent',
    };
    const child: SpanRecord = {
      ...tool,
      spanId: '7fffffffffffffff',
      parentSpanId: 'tool-call-1',
      name: 'chat',
      kind: SpanKind.CLIENT,
      startTimeNs: base + 20n,
      endTimeNs: base + 30n,
      durationNs: 10n,
      status: SpanStatusCode.OK,
    };
    delete child.input;
    delete child.output;
    const store = new TraceStore(dbPath);
    store.writeSpans([root, tool, child]);
    const expected = store.getTrace(traceId);
    store.close();
    using harness = new PolicyTestHarness(dbPath);
    const [loaded] = harness.loadTraces();
    expect(loaded).toEqual(expected);
    expect(loaded.spans.map((span) => [span.spanId, span.kind, span.status])).toEqual([
      ['ffffffffffffff01', SpanKind.SERVER, SpanStatusCode.ERROR],
      ['tool-call-1', SpanKind.CONSUMER, SpanStatusCode.UNSET],
      ['7fffffffffffffff', SpanKind.CLIENT, SpanStatusCode.OK],
    ]);
    const [, loadedTool, loadedChild] = loaded.spans;
    expect(loadedTool.input).toEqual(input);
    expect(loadedTool.input).toBe(loadedTool.input);
    expect(Object.getOwnPropertyDescriptor({ ...loadedTool }, 'output')).toMatchObject({
      value: output,
      enumerable: true,
    });
    loadedTool.output = undefined;
    expect(loadedTool.output).toBeUndefined();
    expect('input' in loadedChild).toBe(false);
  });

  it('pages through roots that started at the same instant without losing or repeating a trace', () => {
    const dbPath = join(directory, 'ties.db');
    const runs = Array.from({ length: 7 }, () =>
      traceBuilder({ startTime: minutes(0) })
        .tool('web_search')
        .build(),
    );
    writeTraces(dbPath, runs);
    using harness = new PolicyTestHarness(dbPath);
    const all = harness.loadTraces();
    expect(new Set(all.map((trace) => trace.traceId))).toEqual(new Set(runs.map((trace) => trace.traceId)));
    expect(all).toHaveLength(7);
    for (const batchSize of [1, 2, 3]) expect([...harness.iterateTraces({ batchSize })]).toEqual(all);
  });

  it('reads through a TraceStore given to it, also an in-memory one, and does not close it', () => {
    const dbPath = join(directory, 'ten.db');
    writeTraces(dbPath, tenRuns());
    const store = new TraceStore(dbPath);
    const harness = new PolicyTestHarness(store);
    expect(harness.loadTraces({ limit: 2 })).toHaveLength(2);
    harness.close();
    expect(store.listTraces()).toHaveLength(10);
    store.close();

    const memory = new TraceStore(':memory:');
    const runs = tenRuns();
    memory.writeSpans(runs.flatMap((trace) => trace.spans));
    using memoryHarness = new PolicyTestHarness(memory);
    expect([...memoryHarness.iterateTraces({ batchSize: 3, since: minutes(5) })].map((trace) => trace.traceId)).toEqual(
      runs
        .slice(5)
        .map((trace) => trace.traceId)
        .reverse(),
    );
    expect(memoryHarness.getTrace(runs[0].traceId)).toEqual(runs[0]);
  });
});

describe('PolicyTestHarness reads through TraceStore only', () => {
  it('filters on blocks and pauses recorded in the traces', () => {
    const dbPath = join(directory, 'governed.db');
    const allowed = traceBuilder({ startTime: minutes(0) })
      .tool('web_search')
      .build();
    const blocked = traceBuilder({ startTime: minutes(1) })
      .blockedTool('drop_table', { policy: 'no_ddl' })
      .build();
    const paused = traceBuilder({ startTime: minutes(2) })
      .blockedTool('refund', { outcome: GovernedOutcomes.PAUSED, policy: 'approval' })
      .build();
    writeTraces(dbPath, [allowed, blocked, paused]);
    using harness = new PolicyTestHarness(dbPath);
    const ids = (traces: Trace[]) => traces.map((trace) => trace.traceId);
    expect(ids(harness.loadTraces({ filter: { blocked: true } }))).toEqual([blocked.traceId]);
    expect(ids(harness.loadTraces({ filter: { paused: true } }))).toEqual([paused.traceId]);
    expect(ids(harness.loadTraces({ filter: { blocked: false, paused: false } }))).toEqual([allowed.traceId]);
    expect(() => harness.loadTraces({ filter: { blocked: 'yes' as unknown as boolean } })).toThrow(
      /filter.blocked must be true or false/,
    );
  });

  it('pulls pages from TraceStore.iterateTraces lazily, the filter object pushed down to the store', () => {
    const dbPath = join(directory, 'ten.db');
    writeTraces(dbPath, []);
    const store = new TraceStore(dbPath);
    const produced: number[] = [];
    const runs = Array.from({ length: 10 }, (_, index) => traceBuilder({ startTime: minutes(index) }).build());
    const iterate = jest.spyOn(store, 'iterateTraces').mockImplementation(function* () {
      for (const [index, trace] of [...runs].reverse().entries()) {
        produced.push(index);
        yield trace;
      }
    });
    using harness = new PolicyTestHarness(store);
    const iterator = harness.iterateTraces({ batchSize: 4, since: minutes(1), filter: { status: SpanStatusCode.OK } });
    expect(iterate).toHaveBeenCalledWith({ pageSize: 4, since: BigInt(minutes(1)) * 1_000_000n, status: 'OK' });
    expect(produced).toEqual([]);
    iterator.next();
    iterator.next();
    expect(produced).toEqual([0, 1]);
    iterator.return();

    expect(harness.loadTraces({ limit: 3 })).toHaveLength(3);
    expect(iterate).toHaveBeenLastCalledWith({ pageSize: 3 });
    const predicate = (trace: Trace) => trace.startTimeNs % 2n === 0n;
    harness.loadTraces({ limit: 3, filter: predicate });
    expect(iterate).toHaveBeenLastCalledWith({ pageSize: 256 });
    store.close();
  });

  it('simulates and backtests a query by streaming it, never listing every trace first', async () => {
    const dbPath = join(directory, 'stream.db');
    writeTraces(
      dbPath,
      Array.from({ length: 30 }, (_, index) =>
        traceBuilder({ startTime: minutes(index) })
          .tool(index % 3 === 0 ? 'drop_table' : 'web_search')
          .build(),
      ),
    );
    const store = new TraceStore(dbPath);
    const iterate = jest.spyOn(store, 'iterateTraces');
    const listTraces = jest.spyOn(store, 'listTraces');
    using harness = new PolicyTestHarness(store);
    const noDrop = (trace: Trace) =>
      trace.spans.some((span) => span.name === 'execute_tool drop_table') ? BLOCK('drop_table') : ALLOW;
    expect(harness.simulatePolicy(noDrop, { batchSize: 4 }).runsBlocked).toBe(10);
    expect(iterate).toHaveBeenLastCalledWith({ pageSize: 4 });
    const noDropCall = (context: PolicyContext) =>
      context.metadata[ContextKeys.TOOL_NAME] === 'drop_table' ? BLOCK('drop_table') : ALLOW;
    const result = await harness.backtest(noDropCall, { batchSize: 5, since: minutes(15) });
    // A backtest reads only what it replays, unless something may read whole traces.
    const since = BigInt(minutes(15)) * 1_000_000n;
    expect(iterate).toHaveBeenLastCalledWith({ pageSize: 5, since, spanFields: 'replay' });
    expect(result.summary()).toMatchObject({ tracesAnalyzed: 15, runsBlocked: 5 });
    const perTrace = await harness.backtest(noDropCall, { batchSize: 5, since: minutes(15) }, { metadata: () => ({}) });
    expect(iterate).toHaveBeenLastCalledWith({ pageSize: 5, since });
    expect(perTrace.summary()).toEqual(result.summary());
    await harness.backtest(noDropCall, { filter: () => true });
    expect(iterate).toHaveBeenLastCalledWith({ pageSize: 256 });
    await harness.backtest(noDropCall, { spanFields: 'full' });
    expect(iterate).toHaveBeenLastCalledWith({ pageSize: 256 });
    expect(() => harness.iterateTraces({ spanFields: 'lean' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(listTraces).not.toHaveBeenCalled();
    store.close();
  });
});

describe('PolicyTestHarness errors', () => {
  it('raises DATABASE_NOT_FOUND for a missing file instead of returning nothing (and creates no file)', () => {
    const dbPath = join(directory, 'missing.db');
    expect(() => new PolicyTestHarness(dbPath)).toThrow(expect.objectContaining({ code: 'DATABASE_NOT_FOUND' }));
    expect(() => new PolicyTestHarness(dbPath)).toThrow(TraceStoreError);
    expect(existsSync(dbPath)).toBe(false);
  });

  it('raises NOT_A_CLEARSTONE_DATABASE for an empty file and for a text file', () => {
    const emptyPath = join(directory, 'empty.db');
    writeFileSync(emptyPath, '');
    expect(() => new PolicyTestHarness(emptyPath)).toThrow(
      expect.objectContaining({ code: 'NOT_A_CLEARSTONE_DATABASE' }),
    );
    const textPath = join(directory, 'notes.db');
    writeFileSync(textPath, 'these are not traces '.repeat(100));
    expect(() => new PolicyTestHarness(textPath)).toThrow(
      expect.objectContaining({ code: 'NOT_A_CLEARSTONE_DATABASE' }),
    );
  });

  it('rejects bad queries and use after close with coded errors', () => {
    const dbPath = join(directory, 'ten.db');
    writeTraces(dbPath, [traceBuilder().tool('x').build()]);
    const harness = new PolicyTestHarness(dbPath);
    expect(() => harness.loadTraces({ limit: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => harness.loadTraces({ since: new Date('nonsense') })).toThrow(/since must be/);
    expect(() => harness.loadTraces({ filter: { status: 'BROKEN' as SpanStatusCode } })).toThrow(
      /Unknown trace status/,
    );
    harness.close();
    expect(() => harness.loadTraces()).toThrow(HarnessError);
    expect(() => harness.loadTraces()).toThrow(expect.objectContaining({ code: 'HARNESS_CLOSED' }));
    expect(() => new PolicyTestHarness().loadTraces()).toThrow(expect.objectContaining({ code: 'NO_TRACE_DATABASE' }));
  });
});

describe('simulateSpanPolicy (the original harness catalogue)', () => {
  /** Two traces of two spans; one span of trace 2 cost more than $1. */
  function costTraces(): Trace[] {
    return [
      traceBuilder({ startTime: minutes(1) })
        .span('call', { attributes: { 'llm.cost': 0.5 } })
        .build(),
      traceBuilder({ startTime: minutes(2) })
        .span('call', { attributes: { 'llm.cost': 1.5 } })
        .build(),
    ];
  }

  it('counts decisions per span, blocks a trace once and reports the block rate per trace', () => {
    const dbPath = join(directory, 'costs.db');
    const traces = costTraces();
    writeTraces(dbPath, traces);
    using harness = new PolicyTestHarness(dbPath);
    const loaded = harness.loadTraces();
    expect(loaded).toHaveLength(2);
    expect(loaded.every((trace) => trace.spans.length === 2)).toBe(true);
    const highCostSpanPolicy = (span: SpanRecord) =>
      ((span.attributes['llm.cost'] as number | undefined) ?? 0) > 1.0 ? BLOCK('High cost span') : ALLOW;
    const result = harness.simulateSpanPolicy(highCostSpanPolicy, loaded);
    expect(result.decisions[ActionType.ALLOW]).toBe(3);
    expect(result.decisions[ActionType.BLOCK]).toBe(1);
    expect(result.blockedTraceIds).toEqual([traces[1].traceId]);
    expect(result.policyName).toBe('highCostSpanPolicy');
    expect(result.tracesAnalyzed).toBe(2);
    expect(result.spansAnalyzed).toBe(4);
    expect(result.summary()).toMatchObject({ runsBlocked: 1, blockRatePercent: 50 });
  });

  it('reports zero rates for no traces and fails closed on a throwing span policy', () => {
    using harness = new PolicyTestHarness();
    expect(harness.simulateSpanPolicy(() => ALLOW, []).summary()).toMatchObject({
      tracesAnalyzed: 0,
      blockRatePercent: 0,
    });
    const result = harness.simulateSpanPolicy(() => {
      throw new Error('bad attribute');
    }, costTraces());
    expect(result.runsBlocked).toBe(2);
    expect(result.decisions[ActionType.BLOCK]).toBe(4);
  });
});
