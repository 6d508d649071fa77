import {
  ALLOW,
  BLOCK,
  PAUSE,
  PolicyPauseError,
  PolicyViolationError,
  contextScope,
  type PolicyContext,
} from '@clearstone/core';
import { InterventionClient, PolicyEngine, definePolicy } from '@clearstone/policy';
import { awaitAllCallbacks } from '@langchain/core/callbacks/promises';
import { Document } from '@langchain/core/documents';
import { HumanMessage, type ToolMessage } from '@langchain/core/messages';
import { PromptTemplate } from '@langchain/core/prompts';
import { BaseRetriever } from '@langchain/core/retrievers';
import { RunnableLambda } from '@langchain/core/runnables';
import { FakeLLM } from '@langchain/core/utils/testing';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { createAgent } from 'langchain';
import { PolicyCallbackHandler } from '../src';
import {
  answer,
  ask,
  blockAdminToolsForGuests,
  createTools,
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

/** A text-completion LLM (not a chat model) that echoes its prompt and records every prompt it ran. */
class EchoLLM extends FakeLLM {
  readonly prompts: string[] = [];
  constructor() {
    super({});
  }
  override async _call(prompt: string): Promise<string> {
    this.prompts.push(prompt);
    return `completion of: ${prompt}`;
  }
}

/** A real retriever over an in-memory handbook, recording every query it ran. */
class HandbookRetriever extends BaseRetriever {
  override lc_namespace = ['clearstone', 'test'];
  readonly queries: string[] = [];
  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    this.queries.push(query);
    return [new Document({ pageContent: `Refunds within 30 days (${query})`, metadata: { page: 12 } })];
  }
}

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
  it('blocks a direct tool.invoke: rejects with the PolicyViolationError itself and the tool never runs', async () => {
    const tools = createTools();
    const handler = new PolicyCallbackHandler(new PolicyEngine({ policies: [recordEvents, blockAdminToolsForGuests] }));
    const error = await rejection(
      contextScope(userContext('guest'), () => tools.adminPanel.invoke({ action: 'wipe' }, { callbacks: [handler] })),
    );
    expect(PolicyViolationError.isInstance(error)).toBe(true);
    expect((error as PolicyViolationError).decision.reason).toBe(
      "Role 'guest' is not authorized to access 'admin_panel'.",
    );
    expect(tools.calls).toEqual([]);
    expect(seen[0]).toMatchObject({
      eventType: 'tool_call',
      toolName: 'admin_panel',
      toolInput: { action: 'wipe' },
      role: 'guest',
    });
    const allowed = await contextScope(userContext('admin'), () =>
      tools.adminPanel.invoke({ action: 'wipe' }, { callbacks: [handler] }),
    );
    expect(allowed).toBe('admin panel: wipe done');
  });

  it('inside createAgent a tool BLOCK is soft (error ToolMessage, agent goes on) and a model BLOCK is hard', async () => {
    const tools = createTools();
    const model = scriptedModel(
      toolCallMessage('admin_panel', { action: 'wipe' }, 'call_1'),
      answer('I could not do that.'),
    );
    const agent = createAgent({ model, tools: tools.all });
    const handler = new PolicyCallbackHandler(new PolicyEngine({ policies: [blockAdminToolsForGuests] }));
    const result = await contextScope(userContext('guest'), () => agent.invoke(ask('wipe'), { callbacks: [handler] }));
    const toolMessage = result.messages[2] as ToolMessage;
    expect(toolMessage.status).toBe('error');
    expect(toolMessage.content).toContain("Role 'guest' is not authorized");
    expect(tools.calls).toEqual([]);
    expect(result.messages.at(-1)!.content).toBe('I could not do that.');

    const noModels = definePolicy({ name: 'no_models', priority: 1 }, (ctx: PolicyContext) =>
      ctx.metadata.eventType === 'model_call' ? BLOCK('models are off') : ALLOW,
    );
    const blockedModel = scriptedModel(answer('never'));
    const second = createAgent({ model: blockedModel, tools: tools.all });
    const error = await rejection(
      contextScope(userContext('admin'), () =>
        second.invoke(ask('hi'), {
          callbacks: [new PolicyCallbackHandler(new PolicyEngine({ policies: [noModels] }))],
        }),
      ),
    );
    expect(PolicyViolationError.isInstance(error)).toBe(true);
    expect(blockedModel.callCount).toBe(0);
  });

  it('governs a LangGraph StateGraph: model calls carry running token totals and the third call is blocked', async () => {
    const tokenBudget = definePolicy({ name: 'token_budget', priority: 10 }, (ctx: PolicyContext) =>
      Number(ctx.metadata.tokensUsed ?? 0) > 1000
        ? BLOCK(`Token budget exceeded: ${String(ctx.metadata.tokensUsed)} > 1000`)
        : ALLOW,
    );
    const model = scriptedModel(
      answer('one', usage(400, 200)),
      answer('two', usage(400, 200)),
      answer('three', usage(400, 200)),
    );
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
    const error = await rejection(
      contextScope(userContext('admin'), () => graph.invoke({ count: 0 }, { callbacks: [handler] })),
    );
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
    const pauseSearch = definePolicy({ name: 'pause_search', priority: 1 }, (ctx: PolicyContext) =>
      ctx.metadata.toolName === 'search' ? PAUSE('search needs approval') : ALLOW,
    );
    const engine = new PolicyEngine({ policies: [pauseSearch] });
    const noChannel = await rejection(
      contextScope(userContext('admin'), () =>
        tools.search.invoke({ query: 'q' }, { callbacks: [new PolicyCallbackHandler(engine)] }),
      ),
    );
    expect(PolicyPauseError.isInstance(noChannel)).toBe(true);

    const interventions = new InterventionClient({ terminal: false, pollIntervalMs: 5 });
    const approver = setInterval(() => {
      const pending = interventions.list({ status: 'pending' })[0];
      if (pending) interventions.approve(pending.id);
    }, 5);
    try {
      const handler = new PolicyCallbackHandler(engine, { interventions });
      const result = await contextScope(userContext('admin'), () =>
        tools.search.invoke({ query: 'q' }, { callbacks: [handler] }),
      );
      expect(result).toBe('results for q');
      expect(tools.calls).toEqual([{ tool: 'search', args: { query: 'q' } }]);
    } finally {
      clearInterval(approver);
    }
  });

  it('fails closed on REDACT by default, since callbacks cannot rewrite inputs', async () => {
    const { REDACT } = await import('@clearstone/core');
    const tools = createTools();
    const redactEmails = definePolicy({ name: 'redact_emails', priority: 1 }, () =>
      REDACT({ reason: 'PII', entities: ['email'] }),
    );
    const engine = new PolicyEngine({ policies: [redactEmails] });
    const error = await rejection(
      contextScope(userContext('admin'), () =>
        tools.search.invoke({ query: 'a@b.com' }, { callbacks: [new PolicyCallbackHandler(engine)] }),
      ),
    );
    expect((error as PolicyViolationError).message).toContain('REDACT cannot be applied from a callback handler');
    expect(tools.calls).toEqual([]);
    const allowed = await contextScope(userContext('admin'), () =>
      tools.search.invoke({ query: 'q' }, { callbacks: [new PolicyCallbackHandler(engine, { onRedact: 'allow' })] }),
    );
    expect(allowed).toBe('results for q');
  });

  it('governs a text LLM from handleLLMStart: a BLOCK rejects before the model runs, an ALLOW returns the completion', async () => {
    const noSecretsInPrompts = definePolicy({ name: 'no_secrets_in_prompts', priority: 10 }, (ctx: PolicyContext) => {
      const prompts = ctx.metadata.prompts as string[] | undefined;
      return ctx.metadata.eventType === 'model_call' && prompts?.some((prompt) => prompt.includes('password'))
        ? BLOCK('Prompts may not contain passwords.')
        : ALLOW;
    });
    const handler = new PolicyCallbackHandler(new PolicyEngine({ policies: [recordEvents, noSecretsInPrompts] }));
    expect([handler.raiseError, handler.awaitHandlers]).toEqual([true, true]);
    const llm = new EchoLLM();

    const error = await rejection(
      contextScope(userContext('admin'), () => llm.invoke('the admin password is hunter2', { callbacks: [handler] })),
    );
    expect(PolicyViolationError.isInstance(error)).toBe(true);
    expect((error as PolicyViolationError).message).toBe(
      "Policy blocked model call to 'EchoLLM': Prompts may not contain passwords.",
    );
    expect((error as PolicyViolationError).decision.metadata.policyName).toBe('no_secrets_in_prompts');
    expect(llm.prompts).toEqual([]);
    expect(seen[0]).toMatchObject({
      eventType: 'model_call',
      model: 'EchoLLM',
      prompts: ['the admin password is hunter2'],
      llmCallCount: 0,
      role: 'admin',
    });
    expect(seen[0]).not.toHaveProperty('messages');

    const completion = await contextScope(userContext('admin'), () =>
      llm.invoke('summarise the refund policy', { callbacks: [handler] }),
    );
    expect(completion).toBe('completion of: summarise the refund policy');
    expect(llm.prompts).toEqual(['summarise the refund policy']);
  });

  it('governs a text LLM inside a chain: the prompt is rendered before the decision and a BLOCK rejects the chain', async () => {
    const guestsMayNotCallModels = definePolicy(
      { name: 'guests_may_not_call_models', priority: 10 },
      (ctx: PolicyContext) =>
        ctx.metadata.eventType === 'model_call' && ctx.metadata.role === 'guest'
          ? BLOCK('Guests may not call models.')
          : ALLOW,
    );
    const handler = new PolicyCallbackHandler(new PolicyEngine({ policies: [recordEvents, guestsMayNotCallModels] }));
    const llm = new EchoLLM();
    const chain = PromptTemplate.fromTemplate('Summarise {topic}.').pipe(llm);

    const error = await rejection(
      contextScope(userContext('guest'), () => chain.invoke({ topic: 'refunds' }, { callbacks: [handler] })),
    );
    expect(PolicyViolationError.isInstance(error)).toBe(true);
    expect((error as PolicyViolationError).decision.reason).toBe('Guests may not call models.');
    expect(llm.prompts).toEqual([]);
    expect(seen.at(-1)).toMatchObject({ eventType: 'model_call', prompts: ['Summarise refunds.'], role: 'guest' });

    expect(
      await contextScope(userContext('admin'), () => chain.invoke({ topic: 'refunds' }, { callbacks: [handler] })),
    ).toBe('completion of: Summarise refunds.');
    expect(llm.prompts).toEqual(['Summarise refunds.']);
  });

  it('governs a retriever from handleRetrieverStart: a BLOCK rejects before any document is fetched, an ALLOW returns them', async () => {
    const guestsMayNotSearchHr = definePolicy(
      { name: 'guests_may_not_search_hr', priority: 10 },
      (ctx: PolicyContext) =>
        ctx.metadata.eventType === 'retriever_call' &&
        ctx.metadata.retrieverName === 'hr_records' &&
        ctx.metadata.role === 'guest'
          ? BLOCK(`Role 'guest' may not search '${String(ctx.metadata.retrieverName)}'.`)
          : ALLOW,
    );
    const handler = new PolicyCallbackHandler(new PolicyEngine({ policies: [recordEvents, guestsMayNotSearchHr] }));
    const retriever = new HandbookRetriever();

    const error = await rejection(
      contextScope(userContext('guest'), () =>
        retriever.invoke('salaries', { callbacks: [handler], runName: 'hr_records' }),
      ),
    );
    expect(PolicyViolationError.isInstance(error)).toBe(true);
    expect((error as PolicyViolationError).message).toBe(
      "Policy blocked retriever call 'hr_records': Role 'guest' may not search 'hr_records'.",
    );
    expect(retriever.queries).toEqual([]);
    expect(seen[0]).toMatchObject({
      eventType: 'retriever_call',
      query: 'salaries',
      retrieverName: 'hr_records',
      role: 'guest',
    });

    const documents = await contextScope(userContext('admin'), () =>
      retriever.invoke('salaries', { callbacks: [handler], runName: 'hr_records' }),
    );
    expect(documents.map((document) => document.pageContent)).toEqual(['Refunds within 30 days (salaries)']);
    const unnamed = await contextScope(userContext('guest'), () =>
      retriever.invoke('refunds', { callbacks: [handler] }),
    );
    expect(unnamed).toHaveLength(1);
    expect(retriever.queries).toEqual(['salaries', 'refunds']);
    expect(seen.at(-1)).toMatchObject({
      eventType: 'retriever_call',
      query: 'refunds',
      retrieverName: 'HandbookRetriever',
    });
  });

  it('forgets the runs it stops, so a long-lived handler does not grow with every BLOCK', async () => {
    const blockEverything = definePolicy({ name: 'block_everything', priority: 1 }, () => BLOCK('closed'));
    const handler = new PolicyCallbackHandler(new PolicyEngine({ policies: [blockEverything] }));
    const trackedRuns = () => (handler as unknown as { registry: { size: number } }).registry.size;
    const tools = createTools();
    const llm = new EchoLLM();
    const retriever = new HandbookRetriever();
    await contextScope(userContext('admin'), async () => {
      for (let i = 0; i < 3; i += 1) {
        expect(
          PolicyViolationError.isInstance(
            await rejection(tools.search.invoke({ query: 'q' }, { callbacks: [handler] })),
          ),
        ).toBe(true);
        expect(PolicyViolationError.isInstance(await rejection(llm.invoke('hello', { callbacks: [handler] })))).toBe(
          true,
        );
        expect(
          PolicyViolationError.isInstance(await rejection(retriever.invoke('refunds', { callbacks: [handler] }))),
        ).toBe(true);
        expect(
          PolicyViolationError.isInstance(
            await rejection(
              PromptTemplate.fromTemplate('{q}')
                .pipe(llm)
                .invoke({ q: 'x' }, { callbacks: [handler] }),
            ),
          ),
        ).toBe(true);
      }
    });
    expect([tools.calls, llm.prompts, retriever.queries]).toEqual([[], [], []]);
    expect(trackedRuns()).toBe(0);
  });
});
