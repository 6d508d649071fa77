import { ALLOW, BLOCK, PAUSE, PolicyPauseError, PolicyViolationError, contextScope, type PolicyContext } from '@clearstone/core';
import { InterventionClient, PolicyEngine, definePolicy } from '@clearstone/policy';
import { awaitAllCallbacks } from '@langchain/core/callbacks/promises';
import { HumanMessage, ToolMessage } from '@langchain/core/messages';
import { RunnableLambda } from '@langchain/core/runnables';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { createAgent } from 'langchain';
import { PolicyCallbackHandler } from '../src';
import { answer, ask, blockAdminToolsForGuests, createTools, rejection, scriptedModel, toolCallMessage, usage, userContext } from './fixtures';

const seen: Array<Record<string, unknown>> = [];
const recordEvents = definePolicy({ name: 'record_events', priority: 1000 }, (ctx: PolicyContext) => {
  seen.push({ ...ctx.metadata });
  return ALLOW;
});

let errorSpy: jest.SpyInstance;
beforeEach(() => {
  seen.length = 0;
  errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(async () => {
  await awaitAllCallbacks();
  errorSpy.mockRestore();
});

describe('PolicyCallbackHandler', () => {
  it("blocks a direct tool.invoke: rejects with the PolicyViolationError itself and the tool never runs", async () => {
    const tools = createTools();
    const handler = new PolicyCallbackHandler(new PolicyEngine({ policies: [recordEvents, blockAdminToolsForGuests] }));
    const error = await rejection(contextScope(userContext('guest'), () => tools.adminPanel.invoke({ action: 'wipe' }, { callbacks: [handler] })));
    expect(PolicyViolationError.isInstance(error)).toBe(true);
    expect((error as PolicyViolationError).decision.reason).toBe("Role 'guest' is not authorized to access 'admin_panel'.");
    expect(tools.calls).toEqual([]);
    expect(seen[0]).toMatchObject({ eventType: 'tool_call', toolName: 'admin_panel', toolInput: { action: 'wipe' }, role: 'guest' });
    const allowed = await contextScope(userContext('admin'), () => tools.adminPanel.invoke({ action: 'wipe' }, { callbacks: [handler] }));
    expect(allowed).toBe('admin panel: wipe done');
  });

  it('inside createAgent a tool BLOCK is soft (error ToolMessage, agent goes on) and a model BLOCK is hard', async () => {
    const tools = createTools();
    const model = scriptedModel(toolCallMessage('admin_panel', { action: 'wipe' }, 'call_1'), answer('I could not do that.'));
    const agent = createAgent({ model, tools: tools.all });
    const handler = new PolicyCallbackHandler(new PolicyEngine({ policies: [blockAdminToolsForGuests] }));
    const result = await contextScope(userContext('guest'), () => agent.invoke(ask('wipe'), { callbacks: [handler] }));
    const toolMessage = result.messages[2] as ToolMessage;
    expect(toolMessage.status).toBe('error');
    expect(toolMessage.content).toContain("Role 'guest' is not authorized");
    expect(tools.calls).toEqual([]);
    expect(result.messages.at(-1)!.content).toBe('I could not do that.');

    const noModels = definePolicy({ name: 'no_models', priority: 1 }, (ctx: PolicyContext) => (ctx.metadata.eventType === 'model_call' ? BLOCK('models are off') : ALLOW));
    const blockedModel = scriptedModel(answer('never'));
    const second = createAgent({ model: blockedModel, tools: tools.all });
    const error = await rejection(contextScope(userContext('admin'), () => second.invoke(ask('hi'), { callbacks: [new PolicyCallbackHandler(new PolicyEngine({ policies: [noModels] }))] })));
    expect(PolicyViolationError.isInstance(error)).toBe(true);
    expect(blockedModel.callCount).toBe(0);
  });

  it('governs a LangGraph StateGraph: model calls carry running token totals and the third call is blocked', async () => {
    const tokenBudget = definePolicy({ name: 'token_budget', priority: 10 }, (ctx: PolicyContext) =>
      Number(ctx.metadata.tokensUsed ?? 0) > 1000 ? BLOCK(`Token budget exceeded: ${String(ctx.metadata.tokensUsed)} > 1000`) : ALLOW,
    );
    const model = scriptedModel(answer('one', usage(400, 200)), answer('two', usage(400, 200)), answer('three', usage(400, 200)));
    const State = Annotation.Root({ count: Annotation<number>({ reducer: (_, next) => next, default: () => 0 }) });
    const callModel = async (state: typeof State.State) => {
      await model.invoke([new HumanMessage(`turn ${state.count}`)]);
      return { count: state.count + 1 };
    };
    const graph = new StateGraph(State)
      .addNode('call', callModel)
      .addEdge(START, 'call')
      .addConditionalEdges('call', (state) => (state.count < 3 ? 'call' : END))
      .compile();
    const handler = new PolicyCallbackHandler(new PolicyEngine({ policies: [recordEvents, tokenBudget] }));
    const error = await rejection(contextScope(userContext('admin'), () => graph.invoke({ count: 0 }, { callbacks: [handler] })));
    expect(PolicyViolationError.isInstance(error)).toBe(true);
    expect((error as PolicyViolationError).decision.reason).toBe('Token budget exceeded: 1200 > 1000');
    expect(model.callCount).toBe(2);
    expect(seen.map((event) => [event.eventType, event.tokensUsed, event.llmCallCount])).toEqual([
      ['model_call', 0, 0],
      ['model_call', 600, 1],
      ['model_call', 1200, 2],
    ]);
  });

  it('keeps totals of concurrent invokes apart', async () => {
    const handler = new PolicyCallbackHandler(new PolicyEngine({ policies: [recordEvents] }));
    const chainFor = (tokens: number) => {
      const model = scriptedModel(answer('a', usage(tokens, 0)), answer('b', usage(tokens, 0)));
      return RunnableLambda.from(async (input: string) => {
        await model.invoke(input);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await model.invoke(input);
        return 'done';
      });
    };
    await Promise.all([
      contextScope(userContext('small'), () => chainFor(10).invoke('x', { callbacks: [handler] })),
      contextScope(userContext('large'), () => chainFor(1000).invoke('y', { callbacks: [handler] })),
    ]);
    const secondCalls = seen.filter((event) => event.llmCallCount === 1).map((event) => [event.role, event.tokensUsed]);
    expect(secondCalls.sort()).toEqual([
      ['large', 1000],
      ['small', 10],
    ]);
  });

  it('PAUSE: waits for approval when a channel is given, else throws PolicyPauseError', async () => {
    const tools = createTools();
    const pauseSearch = definePolicy({ name: 'pause_search', priority: 1 }, (ctx: PolicyContext) => (ctx.metadata.toolName === 'search' ? PAUSE('search needs approval') : ALLOW));
    const engine = new PolicyEngine({ policies: [pauseSearch] });
    const noChannel = await rejection(contextScope(userContext('admin'), () => tools.search.invoke({ query: 'q' }, { callbacks: [new PolicyCallbackHandler(engine)] })));
    expect(PolicyPauseError.isInstance(noChannel)).toBe(true);

    const interventions = new InterventionClient({ terminal: false, pollIntervalMs: 5 });
    const approver = setInterval(() => {
      const pending = interventions.list({ status: 'pending' })[0];
      if (pending) interventions.approve(pending.id);
    }, 5);
    try {
      const handler = new PolicyCallbackHandler(engine, { interventions });
      const result = await contextScope(userContext('admin'), () => tools.search.invoke({ query: 'q' }, { callbacks: [handler] }));
      expect(result).toBe('results for q');
      expect(tools.calls).toEqual([{ tool: 'search', args: { query: 'q' } }]);
    } finally {
      clearInterval(approver);
    }
  });

  it("fails closed on REDACT by default, since callbacks cannot rewrite inputs", async () => {
    const { REDACT } = await import('@clearstone/core');
    const tools = createTools();
    const redactEmails = definePolicy({ name: 'redact_emails', priority: 1 }, () => REDACT({ reason: 'PII', entities: ['email'] }));
    const engine = new PolicyEngine({ policies: [redactEmails] });
    const error = await rejection(contextScope(userContext('admin'), () => tools.search.invoke({ query: 'a@b.com' }, { callbacks: [new PolicyCallbackHandler(engine)] })));
    expect((error as PolicyViolationError).message).toContain('REDACT cannot be applied from a callback handler');
    expect(tools.calls).toEqual([]);
    const allowed = await contextScope(userContext('admin'), () => tools.search.invoke({ query: 'q' }, { callbacks: [new PolicyCallbackHandler(engine, { onRedact: 'allow' })] }));
    expect(allowed).toBe('results for q');
  });
});
