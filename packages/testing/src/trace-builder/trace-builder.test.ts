import {
  InvalidArgumentError,
  SpanKind,
  SpanStatusCode,
  deserialize,
  isValidSpanId,
  isValidTraceId,
} from '@clearstone/core';
import { traceBuilder } from './trace-builder';

describe('traceBuilder', () => {
  const start = Date.UTC(2025, 5, 1, 12);
  const trace = traceBuilder({
    agentId: 'researcher',
    userId: 'u-42',
    sessionId: 's-1',
    userRole: 'analyst',
    startTime: start,
  })
    .llm('gpt-4o', { inputTokens: 900, outputTokens: 120, costUsd: 0.004 })
    .span('research', (step) =>
      step
        .tool('web_search', { input: { query: 'clearstone' }, output: ['result'], callId: 'call_abc' })
        .span('rank', { durationMs: 5 }),
    )
    .tool('send_email')
    .error('SMTP timeout')
    .build();
  const byName = (name: string) => trace.spans.find((span) => span.name === name)!;

  it('gives the trace and every span valid W3C ids, one trace id, unique span ids', () => {
    expect(isValidTraceId(trace.traceId)).toBe(true);
    expect(trace.spans.every((span) => span.traceId === trace.traceId && isValidSpanId(span.spanId))).toBe(true);
    expect(new Set(trace.spans.map((span) => span.spanId)).size).toBe(trace.spans.length);
  });

  it('nests callback children under their span and the rest under the root', () => {
    const root = trace.spans[0];
    expect(trace.rootSpanId).toBe(root.spanId);
    expect(root.parentSpanId).toBeUndefined();
    expect(byName('research').parentSpanId).toBe(root.spanId);
    expect(byName('execute_tool web_search').parentSpanId).toBe(byName('research').spanId);
    expect(byName('rank').parentSpanId).toBe(byName('research').spanId);
    expect(byName('execute_tool send_email').parentSpanId).toBe(root.spanId);
  });

  it('lays spans out in start order with increasing times, parents enclosing children', () => {
    expect(trace.spans.map((span) => span.name)).toEqual([
      'invoke_agent researcher',
      'chat gpt-4o',
      'research',
      'execute_tool web_search',
      'rank',
      'execute_tool send_email',
    ]);
    expect(trace.startTimeNs).toBe(BigInt(start) * 1_000_000n);
    for (let index = 1; index < trace.spans.length; index++)
      expect(trace.spans[index].startTimeNs > trace.spans[index - 1].startTimeNs).toBe(true);
    for (const span of trace.spans) {
      expect(span.durationNs).toBe(span.endTimeNs! - span.startTimeNs);
      const parent = trace.spans.find((candidate) => candidate.spanId === span.parentSpanId);
      if (parent) expect(span.startTimeNs >= parent.startTimeNs && span.endTimeNs! <= parent.endTimeNs!).toBe(true);
    }
    expect(byName('chat gpt-4o').durationNs).toBe(800_000_000n);
    expect(trace.durationNs).toBe(trace.spans[0].durationNs);
  });

  it('records GenAI and Clearstone attributes on the root, model calls and tool calls', () => {
    expect(trace.spans[0].attributes).toEqual({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'researcher',
      'clearstone.agent.id': 'researcher',
      'clearstone.user.id': 'u-42',
      'clearstone.session.id': 's-1',
      'clearstone.user.role': 'analyst',
    });
    expect(byName('chat gpt-4o')).toMatchObject({
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 900,
        'gen_ai.usage.output_tokens': 120,
        'clearstone.cost.usd': 0.004,
      },
    });
    expect(byName('execute_tool web_search').attributes).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'web_search',
      'gen_ai.tool.call.id': 'call_abc',
    });
  });

  it('captures input and output snapshots that deserialize back', () => {
    const search = byName('execute_tool web_search');
    expect(search.input?.captured && deserialize(search.input.data)).toEqual({ query: 'clearstone' });
    expect(search.output?.captured && deserialize(search.output.data)).toEqual(['result']);
  });

  it('marks the last step as failed with error(), leaving the trace status to the root', () => {
    const failed = byName('execute_tool send_email');
    expect(failed.status).toBe(SpanStatusCode.ERROR);
    expect(failed.errorMessage).toBe('SMTP timeout');
    expect(failed.events.map((event) => event.name)).toEqual(['exception']);
    expect(trace.status).toBe(SpanStatusCode.OK);
    const rootFailure = traceBuilder().error(new Error('crashed')).build();
    expect(rootFailure.status).toBe(SpanStatusCode.ERROR);
    expect(rootFailure.spans[0].errorStack).toContain('crashed');
  });

  it('makes a plain span a tool or model call with the tool / model options', () => {
    const built = traceBuilder().span('search', { tool: 'web_search' }).span('think', { model: 'llama3' }).build();
    expect(built.spans[1].attributes).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'web_search',
    });
    expect(built.spans[2].attributes).toEqual({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'llama3' });
  });

  it('builds fresh ids on every build() and rejects bad input', () => {
    const builder = traceBuilder().tool('x');
    expect(builder.build().traceId).not.toBe(builder.build().traceId);
    expect(() => traceBuilder().tool('')).toThrow(InvalidArgumentError);
    expect(() => traceBuilder().llm('gpt-4o', { durationMs: -1 })).toThrow(/durationMs must be a non-negative number/);
    expect(() => traceBuilder().error('')).toThrow(InvalidArgumentError);
  });
});
