import { SpanKind, SpanStatusCode } from '@clearstone/core';
import type { SpanRecord } from '@clearstone/core';
import { orderSpanTree } from './span-tree';

function span(spanId: string, parentSpanId?: string): SpanRecord {
  return {
    traceId: 'a'.repeat(32),
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: spanId,
    kind: SpanKind.INTERNAL,
    startTimeNs: 1n,
    attributes: {},
    status: SpanStatusCode.OK,
    events: [],
    links: [],
    instrumentationName: 't',
  };
}

describe('orderSpanTree', () => {
  it('puts each subtree right after its span, siblings in start order', () => {
    const ordered = orderSpanTree([
      span('root'),
      span('a', 'root'),
      span('b', 'root'),
      span('a1', 'a'),
      span('b1', 'b'),
    ]);
    expect(ordered.map(({ span: item, depth }) => `${item.spanId}:${depth}`)).toEqual([
      'root:0',
      'a:1',
      'a1:2',
      'b:1',
      'b1:2',
    ]);
  });

  it('keeps spans whose parent is missing or cyclic', () => {
    const ordered = orderSpanTree([span('root'), span('orphan', 'gone'), span('x', 'y'), span('y', 'x')]);
    expect(ordered.map(({ span: item }) => item.spanId).sort()).toEqual(['orphan', 'root', 'x', 'y']);
  });
});
