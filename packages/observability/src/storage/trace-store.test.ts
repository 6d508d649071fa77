import { SpanKind, SpanStatusCode, captureSnapshot, deserialize } from '@clearstone/core';
import type { SpanRecord } from '@clearstone/core';
import { useTempDir } from '../../test/support/temp-dir';
import { TraceStore } from './trace-store';

const tempPath = useTempDir();

const T0 = 1_700_000_000_000_000_000n;
let counter = 0;

function hex(length: number): string {
  counter++;
  return counter.toString(16).padStart(length, 'f').slice(-length);
}

function span(overrides: Partial<SpanRecord> = {}): SpanRecord {
  const record: SpanRecord = {
    traceId: hex(32),
    spanId: hex(16),
    name: 'step',
    kind: SpanKind.INTERNAL,
    startTimeNs: T0,
    endTimeNs: T0 + 1000n,
    durationNs: 1000n,
    attributes: {},
    status: SpanStatusCode.OK,
    events: [],
    links: [],
    instrumentationName: 'test',
    ...overrides,
  };
  record.durationNs = record.endTimeNs! - record.startTimeNs;
  return record;
}

/** A trace of a root and `children` children, all `offsetNs` after T0. */
function trace(
  name: string,
  offsetNs: bigint,
  options: { children?: number; error?: boolean; attributes?: SpanRecord['attributes'] } = {},
): SpanRecord[] {
  const root = span({
    name,
    startTimeNs: T0 + offsetNs,
    endTimeNs: T0 + offsetNs + 500n,
    attributes: options.attributes ?? {},
  });
  const children = Array.from({ length: options.children ?? 1 }, (_, index) =>
    span({
      traceId: root.traceId,
      parentSpanId: root.spanId,
      name: `${name}.child`,
      startTimeNs: T0 + offsetNs + BigInt(index + 1),
      endTimeNs: T0 + offsetNs + 100n,
      status: options.error === true && index === 0 ? SpanStatusCode.ERROR : SpanStatusCode.OK,
    }),
  );
  return [root, ...children];
}

describe('TraceStore', () => {
  it('reads back every field of a span exactly, with bigint times', () => {
    const store = new TraceStore(tempPath('traces.db'));
    const parent = span({ name: 'agent.run' });
    const full: SpanRecord = {
      traceId: parent.traceId,
      spanId: 'ffffffffffffffff',
      parentSpanId: parent.spanId,
      name: 'llm.call',
      kind: SpanKind.CLIENT,
      startTimeNs: 9_223_372_036_854_775_000n,
      endTimeNs: 9_223_372_036_854_775_807n,
      durationNs: 807n,
      attributes: {
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 1234,
        'gen_ai.request.temperature': 0.7,
        stream: false,
        stop: ['\n', 'END'],
        'clearstone.ünïcode': '✓',
      },
      status: SpanStatusCode.ERROR,
      errorMessage: 'rate limited',
      errorStack: 'Error: rate limited\n    at call (agent.ts:1:1)',
      events: [
        {
          name: 'exception',
          timeNs: 9_223_372_036_854_775_100n,
          attributes: { 'exception.type': 'Error', 'exception.message': 'rate limited' },
        },
        { name: 'retry', timeNs: 9_223_372_036_854_775_200n, attributes: {} },
      ],
      links: [
        { traceId: '0123456789abcdef0123456789abcdef', spanId: '0123456789abcdef', attributes: { reason: 'follows' } },
      ],
      input: captureSnapshot({ messages: [{ role: 'user', content: 'hi' }], when: new Date(0) }),
      output: { captured: false, reason: 'too large', type: 'Object', sizeBytes: 99 },
      instrumentationName: '@clearstone/langchain',
      instrumentationVersion: '0.1.0',
    };
    store.writeSpans([parent, full]);
    expect(store.getSpan(full.spanId)).toEqual(full);
    expect(deserialize((store.getSpan(full.spanId)!.input as { data: string }).data)).toEqual({
      messages: [{ role: 'user', content: 'hi' }],
      when: new Date(0),
    });
    const minimal = store.getSpan(parent.spanId)!;
    expect(minimal).toEqual(parent);
    expect(Object.keys(minimal)).not.toContain('input');
    store.close();
    const reopened = new TraceStore(tempPath('traces.db'), { readonly: true });
    expect(reopened.getTrace(parent.traceId)!.spans).toEqual([parent, full]);
    reopened.close();
  });

  it('returns a trace in start order with the root timing and status', () => {
    const store = new TraceStore(tempPath('traces.db'));
    const [root, ...children] = trace('run', 0n, { children: 3, error: true });
    store.writeSpans([...children].reverse());
    store.writeSpans([root]);
    const stored = store.getTrace(root.traceId)!;
    expect(stored.spans.map((item) => item.spanId)).toEqual([root.spanId, ...children.map((child) => child.spanId)]);
    expect(stored).toMatchObject({
      rootSpanId: root.spanId,
      startTimeNs: root.startTimeNs,
      endTimeNs: root.endTimeNs,
      durationNs: 500n,
      status: SpanStatusCode.OK,
    });
    expect(store.getTrace('0'.repeat(31) + '1')).toBeUndefined();
    store.close();
  });

  it('lists traces newest first with filters and pagination', () => {
    const store = new TraceStore(tempPath('traces.db'));
    const traces = [
      trace('plan', 10n, { attributes: { 'clearstone.agent.id': 'a', retries: 2 } }),
      trace('plan', 20n, { error: true, attributes: { 'clearstone.agent.id': 'b' } }),
      trace('search', 30n, { children: 4, attributes: { 'clearstone.agent.id': 'a', cached: true } }),
      trace('plan', 40n, { attributes: { 'clearstone.agent.id': 'a', retries: 2 } }),
    ];
    store.writeSpans(traces.flat());
    const ids = traces.map((spans) => spans[0].traceId);
    expect(store.listTraces().map((summary) => summary.traceId)).toEqual([...ids].reverse());
    expect(store.listTraces({ limit: 2 }).map((summary) => summary.traceId)).toEqual([ids[3], ids[2]]);
    expect(store.listTraces({ limit: 2, offset: 2 }).map((summary) => summary.traceId)).toEqual([ids[1], ids[0]]);
    expect(store.listTraces({ since: T0 + 20n, until: T0 + 40n }).map((summary) => summary.traceId)).toEqual([
      ids[2],
      ids[1],
    ]);
    expect(store.listTraces({ name: 'plan' }).map((summary) => summary.traceId)).toEqual([ids[3], ids[1], ids[0]]);
    expect(store.listTraces({ status: SpanStatusCode.ERROR }).map((summary) => summary.traceId)).toEqual([ids[1]]);
    expect(store.listTraces({ status: SpanStatusCode.OK })).toHaveLength(3);
    expect(
      store.listTraces({ attributes: { 'clearstone.agent.id': 'a', retries: 2 } }).map((summary) => summary.traceId),
    ).toEqual([ids[3], ids[0]]);
    expect(store.listTraces({ attributes: { cached: true } }).map((summary) => summary.traceId)).toEqual([ids[2]]);
    const [search] = store.listTraces({ name: 'search' });
    expect(search).toEqual({
      traceId: ids[2],
      rootSpanId: traces[2][0].spanId,
      name: 'search',
      startTimeNs: T0 + 30n,
      endTimeNs: T0 + 530n,
      durationNs: 500n,
      status: SpanStatusCode.OK,
      spanCount: 5,
      blocked: false,
      paused: false,
    });
    expect(store.listTraces({ since: new Date(Number((T0 + 10n) / 1_000_000n) + 1) })).toHaveLength(0);
    store.close();
  });

  it('finds traces by a part of their name, by any span attribute, sorted, with root attribute value counts', () => {
    const store = new TraceStore(tempPath('traces.db'));
    const support = trace('invoke_agent Support', 10n, { children: 3, attributes: { 'clearstone.user.id': 'u1' } });
    support[2].attributes = { 'gen_ai.tool.name': 'delete_database', retries: 2 };
    support[2].endTimeNs = T0 + 5000n;
    support[0].endTimeNs = T0 + 10n + 300n;
    const billing = trace('invoke_agent billing', 20n, { attributes: { 'clearstone.user.id': 'u2' } });
    billing[1].attributes = { 'gen_ai.tool.name': 'lookup' };
    const nightly = trace('nightly', 30n, { children: 2, attributes: { 'clearstone.user.id': 'u1', flag: true } });
    nightly[0].endTimeNs = T0 + 30n + 9000n;
    const open = trace('zeta', 40n);
    delete open[0].endTimeNs;
    store.writeSpans([...support, ...billing, ...nightly, ...open]);
    const ids = (query: Parameters<TraceStore['listTraces']>[0]) =>
      store.listTraces(query).map((summary) => summary.name);

    expect(ids({ nameContains: 'SUPPORT' })).toEqual(['invoke_agent Support']);
    expect(ids({ nameContains: 'invoke_agent' })).toEqual(['invoke_agent billing', 'invoke_agent Support']);
    expect(ids({ nameContains: '%' })).toEqual([]);
    // A child's attribute finds its trace; a root filter does not look at children.
    expect(ids({ spanAttributes: { 'gen_ai.tool.name': 'delete_database' } })).toEqual(['invoke_agent Support']);
    expect(ids({ attributes: { 'gen_ai.tool.name': 'delete_database' } })).toEqual([]);
    // Each entry may be held by a different span of the trace.
    expect(ids({ spanAttributes: { 'clearstone.user.id': 'u1', retries: 2 } })).toEqual(['invoke_agent Support']);
    expect(ids({ spanAttributes: { 'clearstone.user.id': 'u2', retries: 2 } })).toEqual([]);
    expect(store.countTraces({ spanAttributes: { 'clearstone.user.id': 'u1' } })).toBe(2);

    expect(ids({ sortBy: 'name', sortOrder: 'asc' })).toEqual([
      'invoke_agent billing',
      'invoke_agent Support',
      'nightly',
      'zeta',
    ]);
    expect(ids({ sortBy: 'name' })).toEqual(['zeta', 'nightly', 'invoke_agent Support', 'invoke_agent billing']);
    expect(ids({ sortBy: 'spanCount' })).toEqual(['invoke_agent Support', 'nightly', 'zeta', 'invoke_agent billing']);
    // The trace still in flight comes last whichever the direction.
    expect(ids({ sortBy: 'duration' })).toEqual(['nightly', 'invoke_agent billing', 'invoke_agent Support', 'zeta']);
    expect(ids({ sortBy: 'duration', sortOrder: 'asc' })).toEqual([
      'invoke_agent Support',
      'invoke_agent billing',
      'nightly',
      'zeta',
    ]);
    expect(ids({ sortOrder: 'asc', limit: 2 })).toEqual(['invoke_agent Support', 'invoke_agent billing']);
    expect(() => store.listTraces({ sortBy: 'tokens' as never })).toThrow(
      expect.objectContaining({ argument: 'sortBy' }),
    );
    expect(() => store.listTraces({ sortOrder: 'up' as never })).toThrow(
      expect.objectContaining({ argument: 'sortOrder' }),
    );

    expect(store.countRootAttributeValues('clearstone.user.id')).toEqual([
      { value: 'u1', traces: 2 },
      { value: 'u2', traces: 1 },
    ]);
    expect(store.countRootAttributeValues('clearstone.user.id', { nameContains: 'invoke', limit: 1 })).toEqual([
      { value: 'u1', traces: 1 },
    ]);
    expect(store.countRootAttributeValues('flag')).toEqual([{ value: 1, traces: 1 }]);
    expect(store.countRootAttributeValues('missing')).toEqual([]);
    expect(() => store.countRootAttributeValues('')).toThrow(expect.objectContaining({ argument: 'key' }));
    store.close();
  });

  it('queries spans by trace, name, kind, status and attributes', () => {
    const store = new TraceStore(tempPath('traces.db'));
    const first = trace('run', 0n, { children: 3, error: true });
    const second = trace('run', 100n, { children: 2 });
    const tool = span({
      traceId: second[0].traceId,
      parentSpanId: second[0].spanId,
      name: 'tool',
      kind: SpanKind.CLIENT,
      startTimeNs: T0 + 150n,
      attributes: { 'gen_ai.tool.name': 'search', tags: ['x', 'y'] },
    });
    store.writeSpans([...first, ...second, tool]);
    expect(store.querySpans({ traceId: first[0].traceId })).toHaveLength(4);
    expect(store.querySpans({ name: 'run.child' })).toHaveLength(5);
    expect(store.querySpans({ name: 'run.child', limit: 2, offset: 1 }).map((item) => item.spanId)).toEqual([
      first[2].spanId,
      first[3].spanId,
    ]);
    expect(store.querySpans({ kind: SpanKind.CLIENT })).toEqual([tool]);
    expect(store.querySpans({ status: SpanStatusCode.ERROR }).map((item) => item.spanId)).toEqual([first[1].spanId]);
    expect(store.querySpans({ attributes: { 'gen_ai.tool.name': 'search' } })).toEqual([tool]);
    expect(store.querySpans({ attributes: { tags: ['x', 'y'] } })).toEqual([tool]);
    expect(store.querySpans({ attributes: { tags: ['y', 'x'] } })).toEqual([]);
    expect(store.querySpans({ traceId: second[0].traceId, name: 'run.child' })).toHaveLength(2);
    expect(() => store.querySpans({ status: 'BROKEN' as SpanStatusCode })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => store.listTraces({ limit: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    store.close();
  });

  it('deletes whole traces that started before a time', () => {
    const store = new TraceStore(tempPath('traces.db'));
    const old = trace('old', 0n, { children: 2 });
    const recent = trace('recent', 1_000n, { children: 2 });
    store.writeSpans([...old, ...recent]);
    expect(store.deleteTracesBefore(T0 + 1_000n)).toBe(1);
    expect(store.getTrace(old[0].traceId)).toBeUndefined();
    expect(store.getSpan(old[1].spanId)).toBeUndefined();
    expect(store.getTrace(recent[0].traceId)!.spans).toHaveLength(3);
    expect(store.deleteTracesBefore(T0)).toBe(0);
    store.close();
    expect(() => store.getSpan(old[0].spanId)).toThrow(expect.objectContaining({ code: 'STORE_CLOSED' }));
  });

  it('replaces a span written twice instead of duplicating it', () => {
    const store = new TraceStore(tempPath('traces.db'));
    const item = span();
    store.writeSpans([item]);
    store.writeSpans([{ ...item, status: SpanStatusCode.ERROR }]);
    expect(store.querySpans({})).toEqual([{ ...item, status: SpanStatusCode.ERROR }]);
    store.close();
  });
});
