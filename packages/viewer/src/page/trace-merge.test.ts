import type { SpanData, TraceData } from './api-types';
import { mergeTraceAnswer, waterfallOrder } from './trace-merge';

function span(spanId: string, parentSpanId: string | undefined, start: string, depth = 0): SpanData {
  return {
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    name: spanId,
    kind: 'INTERNAL',
    status: 'OK',
    startTimeNs: start,
    offsetMs: 0,
    depth,
    attributes: {},
    events: [],
    links: [],
    decisions: [],
    prevented: false,
    plumbing: false,
    instrumentation: { name: 't' },
  };
}

function trace(spans: SpanData[], spanCount = spans.length): TraceData {
  return {
    traceId: 'a'.repeat(32),
    rootSpanId: 'root',
    name: 'root',
    status: 'OK',
    startTimeNs: '1000',
    durationMs: 1,
    spanCount,
    totals: {} as TraceData['totals'],
    spans,
  };
}

describe('trace answers', () => {
  it('orders spans as the waterfall does', () => {
    const ordered = waterfallOrder([
      span('b', 'root', '1003'),
      span('root', undefined, '1000'),
      span('a', 'root', '1002'),
      span('a1', 'a', '1004'),
      span('x', 'gone', '999'),
    ]);
    expect(ordered.map((item) => item.spanId)).toEqual(['x', 'root', 'a', 'a1', 'b']);
  });

  it('merges a delta into the trace held, and takes a whole answer as it is', () => {
    const held = trace([span('root', undefined, '1000'), span('a', 'root', '1002', 1)]);
    const changedA = { ...span('a', 'root', '1002', 1), name: 'a (ended)' };
    const merged = mergeTraceAnswer(held, {
      ...trace([changedA, span('b', 'root', '1001', 1)], 3),
      delta: { since: 'tag', removed: [] },
    });
    expect(merged.spans.map((item) => item.name)).toEqual(['root', 'b', 'a (ended)']);
    expect(merged.spanCount).toBe(3);
    expect('delta' in merged).toBe(false);
    const removed = mergeTraceAnswer(merged, { ...trace([], 2), delta: { since: 'tag2', removed: ['b'] } });
    expect(removed.spans.map((item) => item.spanId)).toEqual(['root', 'a']);
    const whole = trace([span('root', undefined, '1000')]);
    expect(mergeTraceAnswer(merged, whole)).toEqual(whole);
  });
});
