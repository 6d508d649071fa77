import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SpanStatusCode,
  contextScope,
  deserialize,
  type Snapshot,
  type SpanRecord,
  type Trace,
} from '@clearstone/core';
import { PolicyEngine } from '@clearstone/policy';
import { redactValue } from '@clearstone/policy/builtins';
import { TracerProvider } from '@clearstone/observability';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { Document } from '@langchain/core/documents';
import { BaseRetriever } from '@langchain/core/retrievers';
import { createAgent } from 'langchain';
import { TracingCallbackHandler } from '../src';
import { clearstoneMiddleware } from '../src/middleware';
import {
  answer,
  ask,
  blockAdminToolsForGuests,
  createTools,
  fromModel,
  rejection,
  scriptedModel,
  toolCallMessage,
  usage,
  userContext,
} from './fixtures';

let dir: string;
let provider: TracerProvider;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clearstone-langchain-tracing-'));
  provider = new TracerProvider({ dbPath: join(dir, 'traces.db') });
});

afterEach(async () => {
  await provider.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

function tree(trace: Trace): string[] {
  const children = new Map<string | undefined, SpanRecord[]>();
  for (const span of trace.spans) children.set(span.parentSpanId, [...(children.get(span.parentSpanId) ?? []), span]);
  const lines: string[] = [];
  const walk = (span: SpanRecord, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${span.name}`);
    for (const child of children.get(span.spanId) ?? []) walk(child, depth + 1);
  };
  walk(
    trace.spans.find((span) => span.spanId === trace.rootSpanId)!,
    0,
  );
  return lines;
}

function spanNamed(trace: Trace, name: string): SpanRecord[] {
  return trace.spans.filter((span) => span.name === name);
}

// Priced by the model the responses name, not by the fake model's class name.
const prices = { 'acme-test-model': { inputPerMillion: 1000, outputPerMillion: 2000 } };

describe('TracingCallbackHandler', () => {
  it('records one trace per invoke with the run tree, token usage and cost', async () => {
    const tools = createTools();
    const model = scriptedModel(
      fromModel('acme-test-model', toolCallMessage('search', { query: 'weather' }, 'call_1', usage(100, 20))),
      fromModel('acme-test-model', answer('Sunny.', usage(150, 30))),
      fromModel('acme-test-model', answer('Hello again.', usage(10, 5))),
    );
    const agent = createAgent({ model, tools: tools.all });
    const tracing = new TracingCallbackHandler(provider, { prices });
    await agent.invoke(ask('weather?'), { callbacks: [tracing] });
    await agent.invoke(ask('hi'), { callbacks: [tracing] });
    await provider.forceFlush();

    const summaries = provider.traceStore.listTraces();
    expect(summaries).toHaveLength(2);
    const traces = summaries.map((summary) => provider.traceStore.getTrace(summary.traceId)!);
    const first = traces.find((trace) => trace.spans.length > 6)!;
    expect(tree(first)).toEqual([
      'invoke_agent LangGraph',
      '  __start__',
      '  model_request',
      '    chat FakeBuiltModel',
      '    RunnableLambda',
      '  tools',
      '    execute_tool search',
      '  model_request',
      '    chat FakeBuiltModel',
      '    RunnableLambda',
    ]);
    const [firstChat, secondChat] = spanNamed(first, 'chat FakeBuiltModel');
    expect(firstChat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'FakeBuiltModel',
      'gen_ai.response.model': 'acme-test-model',
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 20,
      'clearstone.cost.usd': 0.14,
    });
    expect(secondChat.attributes['gen_ai.usage.input_tokens']).toBe(150);
    const root = first.spans.find((span) => span.spanId === first.rootSpanId)!;
    expect(root.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.usage.input_tokens': 250,
      'gen_ai.usage.output_tokens': 50,
    });
    expect(root.attributes['clearstone.cost.usd']).toBeCloseTo(0.35, 10);
    expect(root.status).toBe(SpanStatusCode.OK);
    const toolSpan = spanNamed(first, 'execute_tool search')[0];
    expect(toolSpan.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'search',
      'gen_ai.tool.call.id': 'call_1',
    });
    expect(toolSpan.input).toMatchObject({ captured: true });
    expect(JSON.stringify(toolSpan.output)).toContain('results for weather');
    expect(JSON.stringify(firstChat.input)).toContain('weather?');
  });

  it('records errors with their stack on the failing run and its ancestors', async () => {
    const { tool } = await import('langchain');
    const { z } = await import('zod');
    const broken = tool(
      async () => {
        throw new Error('disk on fire');
      },
      { name: 'broken', description: 'fails', schema: z.object({}) },
    );
    const model = scriptedModel(toolCallMessage('broken', {}, 'call_b'), answer('never'));
    const agent = createAgent({
      model,
      tools: [broken],
      middleware: [
        clearstoneMiddleware({
          engine: new PolicyEngine({ policies: [blockAdminToolsForGuests] }),
          context: userContext('admin'),
        }),
      ],
    });
    const tracing = new TracingCallbackHandler(provider);
    await rejection(agent.invoke(ask('go'), { callbacks: [tracing] }));
    await provider.forceFlush();
    const trace = provider.traceStore.getTrace(provider.traceStore.listTraces()[0].traceId)!;
    const toolSpan = spanNamed(trace, 'execute_tool broken')[0];
    expect(toolSpan.status).toBe(SpanStatusCode.ERROR);
    expect(toolSpan.errorMessage).toContain('disk on fire');
    expect(toolSpan.errorStack).toContain('disk on fire');
    expect(trace.spans.find((span) => span.spanId === trace.rootSpanId)!.status).toBe(SpanStatusCode.ERROR);
  });

  it("records the middleware's policy decisions on the run's spans", async () => {
    const engine = new PolicyEngine({ policies: [blockAdminToolsForGuests] });
    const run = async (role: string) => {
      const tools = createTools();
      const model = scriptedModel(toolCallMessage('admin_panel', { action: 'audit' }, `call_${role}`), answer('ok'));
      const agent = createAgent({ model, tools: tools.all, middleware: [clearstoneMiddleware({ engine })] });
      const tracing = new TracingCallbackHandler(provider);
      await contextScope(userContext(role), () => agent.invoke(ask('audit'), { callbacks: [tracing] })).catch(
        () => undefined,
      );
    };
    await run('guest');
    await run('admin');
    await provider.forceFlush();
    const [blocked] = provider.traceStore.querySpans({ attributes: { 'clearstone.policy.action': 'block' } });
    // The blocked call never ran, yet it is recorded as the tool span it would have been.
    expect(blocked.name).toBe('execute_tool admin_panel');
    expect(blocked.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'admin_panel',
      'gen_ai.tool.call.id': 'call_guest',
      'clearstone.governed.outcome': 'blocked',
      'clearstone.policy.name': 'block_admin_tools_for_guests',
      'clearstone.policy.tool_name': 'admin_panel',
      'clearstone.policy.reason': "Role 'guest' is not authorized to access 'admin_panel'.",
    });
    expect(blocked.status).not.toBe(SpanStatusCode.ERROR);
    expect(deserialize((blocked.input as Snapshot & { data: string }).data)).toEqual({ action: 'audit' });
    expect(blocked.events.map((event) => event.name)).toEqual(['clearstone.policy.decision']);
    const blockedParent = provider.traceStore.getSpan(blocked.parentSpanId!)!;
    expect(blockedParent.name).toBe('tools');
    expect(blockedParent.events.filter((event) => event.name === 'clearstone.policy.decision')).toEqual([]);
    const context = JSON.parse(String(blocked.attributes['clearstone.policy.context']));
    expect(context).toMatchObject({
      userId: 'user_guest',
      agentId: 'admin_agent_v1',
      metadata: { role: 'guest', toolName: 'admin_panel', toolInput: { action: 'audit' }, spanId: blocked.spanId },
    });
    expect(context.metadata.traceId).toBe(blocked.traceId);

    const allowedTool = provider.traceStore.querySpans({
      name: 'execute_tool admin_panel',
      attributes: { 'clearstone.governed.outcome': 'executed' },
    });
    expect(allowedTool).toHaveLength(1);
    expect(allowedTool[0].attributes['clearstone.policy.action']).toBe('allow');
    expect(JSON.parse(String(allowedTool[0].attributes['clearstone.policy.context'])).metadata).toMatchObject({
      role: 'admin',
      toolName: 'admin_panel',
      spanId: allowedTool[0].spanId,
    });
    const modelSpans = provider.traceStore.querySpans({ attributes: { 'gen_ai.operation.name': 'chat' } });
    expect(modelSpans).toHaveLength(3);
    for (const span of modelSpans) {
      expect(span.attributes).toMatchObject({
        'clearstone.policy.event_type': 'model_call',
        'clearstone.governed.outcome': 'executed',
      });
      expect(span.events.filter((event) => event.name === 'clearstone.policy.decision')).toHaveLength(1);
      expect(JSON.parse(String(span.attributes['clearstone.policy.context'])).metadata.spanId).toBe(span.spanId);
    }
    expect(provider.traceStore.querySpans({ name: 'model_request' }).flatMap((span) => span.events)).toEqual([]);
    const roots = provider.traceStore.listTraces().map((summary) => provider.traceStore.getSpan(summary.rootSpanId)!);
    expect(roots.map((root) => root.attributes['clearstone.user.id']).sort()).toEqual(['user_admin', 'user_guest']);
    for (const root of roots) {
      expect(root.attributes).toMatchObject({
        'clearstone.agent.id': 'admin_agent_v1',
        'clearstone.session.id': expect.any(String),
      });
    }
  });

  it('sends the decisions as custom events to other handlers, and records each once beside them', async () => {
    const engine = new PolicyEngine({ policies: [blockAdminToolsForGuests] });
    const tools = createTools();
    const model = scriptedModel(toolCallMessage('search', { query: 'x' }, 'call_search'), answer('ok'));
    const agent = createAgent({ model, tools: tools.all, middleware: [clearstoneMiddleware({ engine })] });
    const events: Array<{ name: string; action: unknown; runId: string }> = [];
    const listener = BaseCallbackHandler.fromMethods({
      handleCustomEvent(name: string, data: { action?: unknown }, runId: string) {
        events.push({ name, action: data.action, runId });
      },
    });
    listener.awaitHandlers = true;
    const tracing = new TracingCallbackHandler(provider);
    await contextScope(userContext('admin'), () => agent.invoke(ask('search'), { callbacks: [tracing, listener] }));
    await provider.forceFlush();
    expect(events.map((event) => [event.name, event.action])).toEqual([
      ['clearstone.policy.decision', 'allow'],
      ['clearstone.policy.decision', 'allow'],
      ['clearstone.policy.decision', 'allow'],
    ]);
    const governed = provider.traceStore
      .querySpans({ attributes: { 'clearstone.governed.outcome': 'executed' } })
      .map((span) => [span.name, span.events.filter((event) => event.name === 'clearstone.policy.decision').length]);
    expect(governed.sort()).toEqual([
      ['chat FakeBuiltModel', 1],
      ['chat FakeBuiltModel', 1],
      ['execute_tool search', 1],
    ]);
  });

  it('keeps concurrent invokes in separate traces', async () => {
    const tracing = new TracingCallbackHandler(provider);
    const runOne = (topic: string) => {
      const tools = createTools();
      const model = scriptedModel(
        toolCallMessage('search', { query: topic }, `call_${topic}`),
        answer(`about ${topic}`),
      );
      const agent = createAgent({ model, tools: tools.all });
      return agent.invoke(ask(topic), { callbacks: [tracing] });
    };
    await Promise.all(['alpha', 'beta', 'gamma', 'delta'].map(runOne));
    await provider.forceFlush();
    const traces = provider.traceStore.listTraces().map((summary) => provider.traceStore.getTrace(summary.traceId)!);
    expect(traces).toHaveLength(4);
    for (const trace of traces) {
      expect(trace.spans).toHaveLength(10);
      const toolSpans = spanNamed(trace, 'execute_tool search');
      expect(toolSpans).toHaveLength(1);
      const topic = String(toolSpans[0].attributes['gen_ai.tool.call.id']).replace('call_', '');
      expect(JSON.stringify(toolSpans[0].output)).toContain(`results for ${topic}`);
      expect(JSON.stringify(trace.spans.find((span) => span.spanId === trace.rootSpanId)!.output)).toContain(
        `about ${topic}`,
      );
    }
  });

  it('records a retriever run as a retrieval span with its data source, query and documents', async () => {
    class HandbookRetriever extends BaseRetriever {
      override lc_namespace = ['clearstone', 'test'];
      static override lc_name() {
        return 'HandbookRetriever';
      }
      override async _getRelevantDocuments(query: string): Promise<Document[]> {
        return [new Document({ pageContent: `Refunds within 30 days (${query})`, metadata: { page: 12 } })];
      }
    }
    const tracing = new TracingCallbackHandler(provider);
    const documents = await new HandbookRetriever().invoke('refund window', {
      callbacks: [tracing],
      runName: 'handbook',
    });
    expect(documents).toHaveLength(1);
    await provider.forceFlush();
    const [summary] = provider.traceStore.listTraces();
    const trace = provider.traceStore.getTrace(summary.traceId)!;
    expect(trace.spans).toHaveLength(1);
    const span = trace.spans[0];
    expect(span.name).toBe('retrieval handbook');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.data_source.id': 'handbook',
      'clearstone.langchain.run_type': 'retriever',
    });
    expect(span.input).toMatchObject({ captured: true });
    expect(span.output).toMatchObject({ captured: true });
    expect(deserialize((span.input as { data: string }).data)).toBe('refund window');
    expect(deserialize((span.output as { data: string }).data)).toEqual([
      { pageContent: 'Refunds within 30 days (refund window)', metadata: { page: 12 } },
    ]);
  });

  it('masks PII in every captured input and output with redactContent, and leaves out content it cannot mask', async () => {
    const tools = createTools();
    const model = scriptedModel(
      toolCallMessage('search', { query: 'orders of jane.doe@example.com' }, 'call_pii'),
      answer('Jane (jane.doe@example.com) has 2 orders.'),
    );
    const agent = createAgent({ model, tools: tools.all });
    const tracing = new TracingCallbackHandler(provider, {
      redactContent: (value) => redactValue(value, { entities: ['email'] }),
    });
    await agent.invoke(ask('List the orders of jane.doe@example.com'), { callbacks: [tracing] });
    expect(tools.calls).toEqual([{ tool: 'search', args: { query: 'orders of jane.doe@example.com' } }]);
    await provider.forceFlush();
    const [summary] = provider.traceStore.listTraces();
    const trace = provider.traceStore.getTrace(summary.traceId)!;
    const content = trace.spans
      .flatMap((span) => [span.input, span.output])
      .filter((snapshot): snapshot is Extract<Snapshot, { captured: true }> => snapshot?.captured === true);
    expect(content.length).toBeGreaterThanOrEqual(trace.spans.length);
    const stored = content.map((snapshot) => JSON.stringify(deserialize(snapshot.data))).join('\n');
    expect(stored).toContain('List the orders of [EMAIL]');
    expect(stored).not.toContain('jane.doe@example.com');

    const failing = new TracingCallbackHandler(provider, {
      redactContent: () => {
        throw new Error('redactor down');
      },
    });
    await new (class extends BaseRetriever {
      override lc_namespace = ['clearstone', 'test'];
      override async _getRelevantDocuments(): Promise<Document[]> {
        return [new Document({ pageContent: 'call jane.doe@example.com' })];
      }
    })().invoke('jane.doe@example.com', { callbacks: [failing], runName: 'people' });
    await provider.forceFlush();
    const span = provider.traceStore.querySpans({ name: 'retrieval people' })[0];
    expect(span.attributes['clearstone.content.redaction_failed']).toBe('output');
    expect(span.input).toBeUndefined();
    expect(span.output).toBeUndefined();
    expect(() => new TracingCallbackHandler(provider, { redactContent: 'email' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
