import { traceBuilder } from '../trace-builder';
import { formatTraceTree } from './format-trace-tree';

describe('formatTraceTree', () => {
  const trace = traceBuilder({ agentId: 'researcher' })
    .llm('gpt-4o', { inputTokens: 900, outputTokens: 120, costUsd: 0.004 })
    .span('research', (step) =>
      step.tool('web_search').span('rank', (inner) => inner.llm('gpt-4o-mini', { inputTokens: 10, outputTokens: 2 })),
    )
    .tool('send_email')
    .error('SMTP timeout')
    .build();

  it('draws the span hierarchy with status, duration, tool, model, tokens, cost and errors', () => {
    expect(formatTraceTree(trace)).toMatchInlineSnapshot(`
"invoke_agent researcher  OK  1.91 s
├─ chat gpt-4o  OK  800.0 ms  model=gpt-4o tokens=900+120 cost=$0.0040
├─ research  OK  955.0 ms
│  ├─ execute_tool web_search  OK  150.0 ms  tool=web_search
│  └─ rank  OK  802.0 ms
│     └─ chat gpt-4o-mini  OK  800.0 ms  model=gpt-4o-mini tokens=10+2
└─ execute_tool send_email  ERROR  150.0 ms  tool=send_email error="SMTP timeout""
`);
  });

  it('marks highlighted spans and caps long traces', () => {
    const email = trace.spans.find((span) => span.name === 'execute_tool send_email')!;
    expect(
      formatTraceTree(trace, { highlight: [email.spanId] })
        .split('\n')
        .pop(),
    ).toBe('└─ execute_tool send_email  ERROR  150.0 ms  tool=send_email error="SMTP timeout"  ◀');
    expect(formatTraceTree(trace, { maxSpans: 2 }).split('\n')).toEqual([
      'invoke_agent researcher  OK  1.91 s',
      '├─ chat gpt-4o  OK  800.0 ms  model=gpt-4o tokens=900+120 cost=$0.0040',
      '… 5 more span(s)',
    ]);
  });

  it('prints spans whose parent is missing from the trace as separate roots', () => {
    const [, ...children] = trace.spans;
    expect(formatTraceTree({ ...trace, spans: children }).split('\n')[0]).toBe(
      'chat gpt-4o  OK  800.0 ms  model=gpt-4o tokens=900+120 cost=$0.0040',
    );
  });
});
