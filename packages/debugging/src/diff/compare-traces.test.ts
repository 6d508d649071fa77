import { SpanKind, SpanStatusCode, captureSnapshot, type SpanRecord } from '@clearstone/core';
import { compareTraces } from '..';

let counter = 0;
function span(
  name: string,
  output: unknown,
  options: { parent?: string; input?: unknown; tool?: string } = {},
): SpanRecord {
  counter++;
  return {
    traceId: 'f'.repeat(32),
    spanId: counter.toString(16).padStart(16, '0'),
    ...(options.parent === undefined ? {} : { parentSpanId: options.parent }),
    name,
    kind: SpanKind.INTERNAL,
    startTimeNs: BigInt(counter),
    attributes: options.tool === undefined ? {} : { 'gen_ai.tool.name': options.tool },
    status: SpanStatusCode.OK,
    events: [],
    links: [],
    instrumentationName: 'test',
    ...(options.input === undefined ? {} : { input: captureSnapshot(options.input) }),
    output: captureSnapshot(output),
  };
}

function run(answer: string, tools: Array<[string, unknown, unknown]>, llmText: string): SpanRecord[] {
  const root = span('agent.run', answer);
  const spans = [root, span('llm.invoke', llmText, { parent: root.spanId })];
  for (const [tool, input, output] of tools)
    spans.push(span(`tool.${tool}`, output, { parent: root.spanId, input, tool }));
  return spans;
}

describe('compareTraces', () => {
  it('reports identical runs as identical', () => {
    const diff = compareTraces(
      run('done', [['search', { q: 'a' }, [1]]], 'hi'),
      run('done', [['search', { q: 'a' }, [1]]], 'hi'),
    );
    expect(diff.identical).toBe(true);
  });

  it('shows removed and added spans, changed tool calls, changed outputs and the final output', () => {
    const original = run(
      'Paris it is',
      [
        ['search', { q: 'paris' }, ['Paris']],
        ['book', { city: 'Paris' }, 'ok'],
      ],
      'go',
    );
    const forked = run('Rome it is', [['search', { q: 'rome' }, ['Rome']]], 'went');
    const diff = compareTraces(original, {
      traceId: 'x',
      rootSpanId: forked[0].spanId,
      spans: forked,
      startTimeNs: 0n,
      status: SpanStatusCode.OK,
    });
    expect(diff.identical).toBe(false);
    expect(diff.spanNames).toEqual([
      { op: 'same', name: 'agent.run' },
      { op: 'same', name: 'llm.invoke' },
      { op: 'same', name: 'tool.search' },
      { op: 'removed', name: 'tool.book' },
    ]);
    expect(diff.toolCalls.map((entry) => [entry.op, entry.call.tool, entry.call.input])).toEqual([
      ['removed', 'search', { q: 'paris' }],
      ['removed', 'book', { city: 'Paris' }],
      ['added', 'search', { q: 'rome' }],
    ]);
    expect(diff.outputs).toEqual([
      { name: 'agent.run', occurrence: 0, original: 'Paris it is', forked: 'Rome it is' },
      { name: 'llm.invoke', occurrence: 0, original: 'go', forked: 'went' },
      { name: 'tool.search', occurrence: 0, original: ['Paris'], forked: ['Rome'] },
    ]);
    expect(diff.finalOutput).toEqual({ original: 'Paris it is', forked: 'Rome it is', changed: true });
    expect(diff.format().split('\n')).toEqual([
      'Run diff: 1 span change(s), 3 tool-call change(s), 3 output change(s)',
      'Spans:',
      '    agent.run',
      '    llm.invoke',
      '    tool.search',
      '  - tool.book',
      'Tool calls:',
      "  - search({ q: 'paris' }) → [ 'Paris' ]",
      '  - book({ city: \'Paris\' }) → "ok"',
      "  + search({ q: 'rome' }) → [ 'Rome' ]",
      'Changed outputs:',
      '  ~ agent.run #1: "Paris it is"  ⇒  "Rome it is"',
      '  ~ llm.invoke #1: "go"  ⇒  "went"',
      "  ~ tool.search #1: [ 'Paris' ]  ⇒  [ 'Rome' ]",
      'Final output:',
      '  - "Paris it is"',
      '  + "Rome it is"',
    ]);
  });
});
