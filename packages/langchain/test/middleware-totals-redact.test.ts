import { ALLOW, BLOCK, REDACT, contextScope, type PolicyContext, type RedactionSpec } from '@clearstone/core';
import { PolicyEngine, definePolicy } from '@clearstone/policy';
import { AIMessage } from '@langchain/core/messages';
import { MemorySaver } from '@langchain/langgraph';
import { createAgent } from 'langchain';
import { RUN_TOTALS_KEY, clearstoneMiddleware, getPolicyViolation } from '../src/middleware';
import {
  answer,
  ask,
  createTools,
  fromModel,
  rejection,
  scriptedModel,
  toolCallMessage,
  usage,
  userContext,
} from './fixtures';

const seen: Array<Record<string, unknown>> = [];
const recordEvents = definePolicy({ name: 'record_events', priority: 1000 }, (ctx: PolicyContext) => {
  seen.push({ ...ctx.metadata });
  return ALLOW;
});
const tokenLimit = definePolicy({ name: 'token_limit', priority: 10 }, (ctx: PolicyContext) => {
  if (ctx.metadata.eventType !== 'model_call') return ALLOW;
  const used = Number(ctx.metadata.tokensUsed ?? 0);
  const limit = Number(ctx.metadata.tokenLimit ?? Infinity);
  return used > limit ? BLOCK(`Token limit exceeded: ${used} > ${limit}`) : ALLOW;
});

beforeEach(() => {
  seen.length = 0;
});

describe('clearstoneMiddleware running totals', () => {
  it('merges event data and per-run totals into the context; the third model call is blocked past the token limit', async () => {
    const tools = createTools();
    const model = scriptedModel(
      fromModel('acme-test-model', toolCallMessage('search', { query: 'a' }, 'call_a', usage(400, 200))),
      fromModel('acme-test-model', toolCallMessage('search', { query: 'b' }, 'call_b', usage(400, 200))),
      fromModel('acme-test-model', answer('never', usage(400, 200))),
    );
    const engine = new PolicyEngine({ policies: [recordEvents, tokenLimit] });
    const prices = { 'acme-test-model': { inputPerMillion: 1000, outputPerMillion: 1000 } };
    const agent = createAgent({ model, tools: tools.all, middleware: [clearstoneMiddleware({ engine, prices })] });
    const error = await rejection(
      contextScope(userContext('admin', { tokenLimit: 1000 }), () => agent.invoke(ask('research'))),
    );
    expect(getPolicyViolation(error)!.decision.reason).toBe('Token limit exceeded: 1200 > 1000');
    expect(model.callCount).toBe(2);
    expect(tools.calls).toHaveLength(2);
    const summary = seen.map((event) => [
      event.eventType,
      event.toolName ?? event.model,
      event.tokensUsed,
      event.llmCallCount,
      event.toolCallCount,
    ]);
    expect(summary).toEqual([
      ['model_call', 'FakeBuiltModel', 0, 0, 0],
      ['tool_call', 'search', 600, 1, 0],
      ['model_call', 'FakeBuiltModel', 600, 1, 1],
      ['tool_call', 'search', 1200, 2, 1],
      ['model_call', 'FakeBuiltModel', 1200, 2, 2],
    ]);
    expect(seen[1]).toMatchObject({ toolInput: { query: 'a' }, toolCallId: 'call_a', role: 'admin', tokenLimit: 1000 });
    expect(seen[4].sessionCost).toBeCloseTo(1.2, 10);
    expect(seen[2].messages).toEqual([
      { role: 'user', content: 'research' },
      {
        role: 'assistant',
        content: '',
        name: 'model',
        toolCalls: [{ name: 'search', args: { query: 'a' }, id: 'call_a' }],
      },
      { role: 'tool', content: 'results for a', name: 'search', toolCallId: 'call_a' },
    ]);
  });

  it('starts every invoke from zero and keeps concurrent invokes apart', async () => {
    const engine = new PolicyEngine({ policies: [recordEvents] });
    const runFor = (role: string, tokens: number) => {
      const tools = createTools();
      const model = scriptedModel(
        toolCallMessage('search', { query: role }, `call_${role}`, usage(tokens, 0)),
        answer('done', usage(tokens, 0)),
      );
      const agent = createAgent({ model, tools: tools.all, middleware: [clearstoneMiddleware({ engine })] });
      return contextScope(userContext(role), () => agent.invoke(ask(role)));
    };
    const results = await Promise.all([runFor('small', 10), runFor('large', 5000), runFor('medium', 300)]);
    const toolEvents = seen
      .filter((event) => event.eventType === 'tool_call')
      .map((event) => [event.role, event.toolInput, event.tokensUsed]);
    expect(toolEvents.sort()).toEqual([
      ['large', { query: 'large' }, 5000],
      ['medium', { query: 'medium' }, 300],
      ['small', { query: 'small' }, 10],
    ]);
    expect(
      results.map((result) => (result as unknown as Record<string, { tokensUsed: number }>)[RUN_TOTALS_KEY].tokensUsed),
    ).toEqual([20, 10000, 600]);
  });

  it('adds no node to the graph; on a checkpointed thread each invoke counts from its own user message', async () => {
    const engine = new PolicyEngine({ policies: [recordEvents] });
    const tools = createTools();
    const model = scriptedModel(
      toolCallMessage('search', { query: 'first' }, 'call_1', usage(100, 0)),
      answer('one', usage(100, 0)),
      toolCallMessage('search', { query: 'second' }, 'call_2', usage(7, 0)),
      answer('two', usage(7, 0)),
    );
    const agent = createAgent({
      model,
      tools: tools.all,
      middleware: [clearstoneMiddleware({ engine })],
      checkpointer: new MemorySaver(),
    });
    expect(Object.keys(agent.graph.nodes).filter((node) => node.includes('Clearstone'))).toEqual([]);
    const config = { configurable: { thread_id: 'totals-thread' } };
    const totalsOf = (result: unknown) =>
      (result as Record<string, { tokensUsed: number; llmCallCount: number }>)[RUN_TOTALS_KEY];
    const first = await contextScope(userContext('admin'), () => agent.invoke(ask('first'), config));
    const second = await contextScope(userContext('admin'), () => agent.invoke(ask('second'), config));
    expect(totalsOf(first)).toMatchObject({ tokensUsed: 200, llmCallCount: 2 });
    expect(totalsOf(second)).toMatchObject({ tokensUsed: 14, llmCallCount: 2 });
    const summary = seen.map((event) => [event.eventType, event.tokensUsed, event.llmCallCount, event.toolCallCount]);
    expect(summary).toEqual([
      ['model_call', 0, 0, 0],
      ['tool_call', 100, 1, 0],
      ['model_call', 100, 1, 1],
      ['model_call', 0, 0, 0],
      ['tool_call', 7, 1, 0],
      ['model_call', 7, 1, 1],
    ]);
  });
});

/** A small redactor for the test: masks emails and 16-digit card numbers and drops listed fields. */
function maskingRedactor(value: unknown, spec: RedactionSpec): unknown {
  if (typeof value === 'string')
    return value.replace(/[\w.+-]+@[\w-]+\.[\w.]+/g, '[EMAIL]').replace(/\b(?:\d[ -]?){15}\d\b/g, '[CARD]');
  if (Array.isArray(value)) return value.map((item) => maskingRedactor(item, spec));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !spec.fields?.includes(key))
        .map(([key, item]) => [key, maskingRedactor(item, spec)]),
    );
  }
  return value;
}

describe('clearstoneMiddleware REDACT', () => {
  it('rewrites tool arguments, the tool result the model sees, and model messages', async () => {
    const tools = createTools();
    const redactPii = definePolicy({ name: 'redact_pii', priority: 5 }, () =>
      REDACT({ reason: 'PII', entities: ['email', 'credit_card'], fields: ['secret'] }),
    );
    const model = scriptedModel(
      toolCallMessage(
        'send_email',
        { to: 'jane.doe@example.com', body: 'Card 4111 1111 1111 1111 on file', card: '4111111111111111' },
        'call_mail',
      ),
      answer('Sent.'),
    );
    const agent = createAgent({
      model,
      tools: tools.all,
      middleware: [
        clearstoneMiddleware({ engine: new PolicyEngine({ policies: [redactPii] }), redact: maskingRedactor }),
      ],
    });
    const result = await contextScope(userContext('admin'), () =>
      agent.invoke(ask('Mail jane.doe@example.com my card 4111111111111111')),
    );
    expect(tools.calls).toEqual([
      { tool: 'send_email', args: { to: '[EMAIL]', body: 'Card [CARD] on file', card: '[CARD]' } },
    ]);
    const modelInputs = JSON.stringify(model.calls.map((call) => call.messages.map((message) => message.content)));
    expect(modelInputs).not.toContain('jane.doe@example.com');
    expect(modelInputs).not.toContain('4111');
    expect(modelInputs).toContain('[EMAIL]');
    const toolMessage = result.messages.find((message) => message.getType() === 'tool')!;
    expect(String(toolMessage.content)).not.toMatch(/jane|4111/);
    const request = result.messages.find((message) => AIMessage.isInstance(message) && message.tool_calls?.length);
    expect((request as AIMessage).tool_calls?.[0].args).toEqual({
      to: '[EMAIL]',
      body: 'Card [CARD] on file',
      card: '[CARD]',
    });
    expect((result as unknown as Record<string, { llmCallCount: number }>)[RUN_TOTALS_KEY].llmCallCount).toBe(2);
  });

  it("keeps the redacted model response in the thread's checkpoint", async () => {
    const redactEmails = definePolicy({ name: 'redact_emails', priority: 5 }, (ctx: PolicyContext) =>
      ctx.metadata.eventType === 'model_call' ? REDACT({ reason: 'PII', entities: ['email'] }) : ALLOW,
    );
    const agent = createAgent({
      model: scriptedModel(answer('Write to jane.doe@example.com')),
      tools: createTools().all,
      middleware: [
        clearstoneMiddleware({ engine: new PolicyEngine({ policies: [redactEmails] }), redact: maskingRedactor }),
      ],
      checkpointer: new MemorySaver(),
    });
    const config = { configurable: { thread_id: 'redacted-thread' } };
    await contextScope(userContext('admin'), () => agent.invoke(ask('Who do I write to?'), config));
    const state = await agent.graph.getState(config);
    const values = state.values as Record<string, unknown>;
    const messages = values.messages as AIMessage[];
    expect(messages.at(-1)!.content).toBe('Write to [EMAIL]');
    expect(JSON.stringify(messages)).not.toContain('jane.doe');
    expect((values[RUN_TOTALS_KEY] as { llmCallCount: number }).llmCallCount).toBe(1);
  });
});
