import { GenAiAttributes, SpanKind, SpanStatusCode } from '@clearstone/core';
import type { Attributes, SpanRecord } from '@clearstone/core';
import { isPlumbingName } from './plumbing';
import { traceDetail } from './trace-detail';

let clock = 1_700_000_000_000_000_000n;

function span(
  spanId: string,
  parentSpanId: string | undefined,
  name: string,
  options: { attributes?: Attributes; kind?: SpanKind; scope?: string; status?: SpanStatusCode } = {},
): SpanRecord {
  clock += 1_000_000n;
  return {
    traceId: 'a'.repeat(32),
    spanId: spanId.padStart(16, '0'),
    ...(parentSpanId ? { parentSpanId: parentSpanId.padStart(16, '0') } : {}),
    name,
    kind: options.kind ?? SpanKind.INTERNAL,
    startTimeNs: clock,
    endTimeNs: clock + 500_000n,
    attributes: options.attributes ?? {},
    status: options.status ?? SpanStatusCode.OK,
    events: [],
    links: [],
    instrumentationName: options.scope ?? '@clearstone/langchain',
  };
}

const chat = { [GenAiAttributes.OPERATION_NAME]: 'chat', [GenAiAttributes.REQUEST_MODEL]: 'gpt-4o' };
const tool = { [GenAiAttributes.OPERATION_NAME]: 'execute_tool', [GenAiAttributes.TOOL_NAME]: 'search' };

describe('plumbing', () => {
  it('knows LangChain and LangGraph internals by name', () => {
    for (const name of [
      '__start__',
      '__end__',
      'RunnableLambda',
      'RunnableSequence',
      'RunnableParallel<agent,tools>',
      'ChannelWrite<agent,messages>',
      'Branch<agent>',
      'ClearstoneMiddleware.after_model',
      'SummaryMiddleware.before_agent',
      'HumanInTheLoop.wrap_tool_call',
      'StrOutputParser',
    ])
      expect([name, isPlumbingName(name)]).toEqual([name, true]);
    for (const name of ['model_request', 'tools', 'chat gpt-4o', 'execute_tool search', 'invoke_agent support', 'plan'])
      expect([name, isPlumbingName(name)]).toEqual([name, false]);
  });

  it('marks internals by name and pass-through runs by structure, never an agent step', () => {
    const detail = traceDetail({
      traceId: 'a'.repeat(32),
      rootSpanId: '1'.padStart(16, '0'),
      startTimeNs: clock + 1_000_000n,
      status: SpanStatusCode.OK,
      spans: [
        span('1', undefined, 'invoke_agent support'),
        span('2', '1', '__start__'),
        span('3', '1', 'ClearstoneMiddleware.before_agent'),
        span('4', '1', 'model_request'),
        span('5', '4', 'chat gpt-4o', { attributes: chat, kind: SpanKind.CLIENT }),
        span('6', '4', 'RunnableLambda'),
        span('7', '1', 'tools'),
        span('8', '7', 'execute_tool search', { attributes: tool }),
        span('9', '7', 'route_next'),
        span('a', '1', 'plan'),
        span('b', '7', 'retrieve orders_db', { kind: SpanKind.CLIENT }),
        span('c', '7', 'handwritten', { scope: 'my-agent' }),
        span('d', '7', 'RunnableLambda', { status: SpanStatusCode.ERROR }),
      ],
    });
    const marked = detail.spans.filter((item) => item.plumbing).map((item) => item.name);
    expect(marked).toEqual(['__start__', 'ClearstoneMiddleware.before_agent', 'RunnableLambda', 'route_next']);
    // Timing of what stays shown is untouched.
    const shownChat = detail.spans.find((item) => item.name === 'chat gpt-4o')!;
    expect(shownChat.durationMs).toBe(0.5);
  });
});
