import type { SpanData } from './api-types';
import { parentIndexes, pathTo, searchSpans, searchText, spansWithChildren, visibleRows } from './visible-rows';

function span(spanId: string, parentSpanId: string | undefined, extra: Partial<SpanData> = {}): SpanData {
  return {
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    name: spanId,
    kind: 'INTERNAL',
    status: 'OK',
    startTimeNs: '1',
    offsetMs: 0,
    durationMs: 1,
    depth: 0,
    attributes: {},
    events: [],
    links: [],
    decisions: [],
    prevented: false,
    plumbing: false,
    instrumentation: { name: 't' },
    ...extra,
  };
}

// root ─ start(plumbing) ─ lambda(plumbing) ─ chat
//      └ tools ─ search
const spans = [
  span('root', undefined),
  span('start', 'root', { plumbing: true }),
  span('lambda', 'start', { plumbing: true }),
  span('chat', 'lambda', { llm: { model: 'gpt-4o' } }),
  span('tools', 'root'),
  span('search', 'tools', { tool: { name: 'web_search' }, attributes: { query: 'Refund policy' } }),
];
const parents = parentIndexes(spans);
const shown = (state: Parameters<typeof visibleRows>[2]) =>
  visibleRows(spans, parents, state).map(
    (row) => `${spans[row.index].spanId}:${row.depth}:${row.children}:${row.folded}`,
  );

describe('visible rows', () => {
  it('folds plumbing into the nearest shown ancestor, and shows it on demand', () => {
    const none = new Set<string>();
    expect(shown({ collapsed: none, hidePlumbing: true, revealed: none })).toEqual([
      'root:0:2:2',
      'chat:1:0:0',
      'tools:1:1:0',
      'search:2:0:0',
    ]);
    expect(shown({ collapsed: none, hidePlumbing: false, revealed: none })).toEqual([
      'root:0:2:0',
      'start:1:1:0',
      'lambda:2:1:0',
      'chat:3:0:0',
      'tools:1:1:0',
      'search:2:0:0',
    ]);
    expect(shown({ collapsed: none, hidePlumbing: true, revealed: new Set(['lambda']) })).toEqual([
      'root:0:2:1',
      'lambda:1:1:0',
      'chat:2:0:0',
      'tools:1:1:0',
      'search:2:0:0',
    ]);
  });

  it('hides collapsed subtrees, and collapse all leaves the root', () => {
    const none = new Set<string>();
    expect(shown({ collapsed: new Set(['tools']), hidePlumbing: true, revealed: none })).toEqual([
      'root:0:2:2',
      'chat:1:0:0',
      'tools:1:1:0',
    ]);
    expect(shown({ collapsed: spansWithChildren(spans, parents), hidePlumbing: true, revealed: none })).toEqual([
      'root:0:2:2',
    ]);
    expect(pathTo(spans, parents, 3)).toEqual(['lambda', 'start', 'root']);
  });

  it('searches names, tools, models and attribute values', () => {
    const texts = spans.map(searchText);
    expect(searchSpans(texts, 'WEB_')).toEqual([5]);
    expect(searchSpans(texts, 'gpt-4o')).toEqual([3]);
    expect(searchSpans(texts, 'refund')).toEqual([5]);
    expect(searchSpans(texts, '  ')).toEqual([]);
  });
});
