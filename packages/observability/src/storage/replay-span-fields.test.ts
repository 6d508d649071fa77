import { SpanKind, SpanStatusCode, captureSnapshot } from '@clearstone/core';
import type { SpanRecord, Trace } from '@clearstone/core';
import { useTempDir } from '../../test/support/temp-dir';
import { TraceStore } from './trace-store';

const tempPath = useTempDir();

const T0 = 1_750_000_000_000_000_000n;
const hex = (value: number, width: number): string => value.toString(16).padStart(width, '0');

/** Trace `index`: a root, a tool call with input and output, events, a link and an error, and a model call. */
function spansOf(index: number): SpanRecord[] {
  const traceId = hex(index + 1, 32);
  const startNs = T0 + BigInt(index) * 1_000_000n;
  const base = (spanIndex: number, overrides: Partial<SpanRecord>): SpanRecord => ({
    traceId,
    spanId: hex((index + 1) * 16 + spanIndex, 16),
    name: 'step',
    kind: SpanKind.INTERNAL,
    startTimeNs: startNs + BigInt(spanIndex),
    endTimeNs: startNs + 100n + BigInt(spanIndex),
    durationNs: 100n,
    attributes: {},
    status: SpanStatusCode.OK,
    events: [],
    links: [],
    instrumentationName: 'replay-test',
    instrumentationVersion: '1.2.3',
    ...overrides,
  });
  const root = base(0, { name: 'invoke_agent', attributes: { 'app.user': `user-${index % 3}` } });
  const tool = base(1, {
    parentSpanId: root.spanId,
    name: 'execute_tool search',
    kind: SpanKind.CLIENT,
    attributes: { 'app.tool': 'search', 'app.count': index, 'app.ratio': Number.NaN },
    input: captureSnapshot({ query: `q${index}` }),
    output: captureSnapshot({ hits: [1, 2, 3] }),
    events: [{ name: 'retry', timeNs: startNs + 5n, attributes: { attempt: 2 } }],
    links: [{ traceId: hex(999, 32), spanId: hex(999, 16), attributes: {} }],
    status: index % 2 === 0 ? SpanStatusCode.ERROR : SpanStatusCode.OK,
    errorMessage: index % 2 === 0 ? 'boom' : undefined,
    errorStack: index % 2 === 0 ? 'Error: boom\n    at search' : undefined,
  });
  if (tool.errorMessage === undefined) delete tool.errorMessage;
  if (tool.errorStack === undefined) delete tool.errorStack;
  const model = base(2, { parentSpanId: root.spanId, name: 'chat model', attributes: { 'app.model': 'm' } });
  const open = base(3, { parentSpanId: tool.spanId, name: 'in flight' });
  delete open.endTimeNs;
  delete open.durationNs;
  return [root, tool, model, open];
}

/** What a replay read keeps of a span written in full. */
function replayed(span: SpanRecord): SpanRecord {
  const { output, errorMessage, errorStack, instrumentationVersion, ...kept } = span;
  void [output, errorMessage, errorStack, instrumentationVersion];
  return { ...kept, events: [], links: [], instrumentationName: '' };
}

describe("TraceStore.iterateTraces({ spanFields: 'replay' })", () => {
  it('yields the same traces in the same order, each span without output, events, links, error and scope', () => {
    const path = tempPath('replay.db');
    const store = new TraceStore(path);
    store.writeSpans(Array.from({ length: 25 }, (_, index) => spansOf(index)).flat());
    const full = [...store.iterateTraces({ pageSize: 7 })];
    const lean = [...store.iterateTraces({ pageSize: 7, spanFields: 'replay' })];
    expect(full).toHaveLength(25);
    expect(full[0].spans[1].events).toHaveLength(1);
    expect(full[0].spans[1].output).toBeDefined();
    const expected: Trace[] = full.map((trace) => ({ ...trace, spans: trace.spans.map(replayed) }));
    expect(lean).toEqual(expected);
    expect(Number.isNaN(lean[3].spans[1].attributes['app.ratio'])).toBe(true);
    expect(lean[0].spans[3].endTimeNs).toBeUndefined();
    // Filters apply as for full reads.
    const since = T0 + 20n * 1_000_000n;
    expect([...store.iterateTraces({ since, spanFields: 'replay' })].map((trace) => trace.traceId)).toEqual(
      [...store.iterateTraces({ since })].map((trace) => trace.traceId),
    );
    store.close();
  });

  it('rejects an unknown selection at the call', () => {
    const store = new TraceStore(tempPath('bad.db'));
    expect(() => store.iterateTraces({ spanFields: 'some' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    store.close();
  });
});
