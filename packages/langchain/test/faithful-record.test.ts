// Every call the integration governs is a span, whatever the decision: these tests read the SQLite
// recording back and check what each governed call left in it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ALLOW,
  BLOCK,
  ClearstoneAttributes,
  GenAiAttributes,
  GovernedOutcomes,
  PAUSE,
  SpanStatusCode,
  contextScope,
  policyContextOf,
  policyDecisionsOf,
  type PolicyContext,
  type SpanRecord,
} from '@clearstone/core';
import { InterventionClient, PolicyEngine, definePolicy } from '@clearstone/policy';
import { TracerProvider } from '@clearstone/observability';
import { MemorySaver } from '@langchain/langgraph';
import { RunnableLambda } from '@langchain/core/runnables';
import { createAgent } from 'langchain';
import { PolicyCallbackHandler, TracingCallbackHandler } from '../src';
import { clearstoneMiddleware } from '../src/middleware';
import { answer, ask, createTools, rejection, scriptedModel, toolCallMessage, userContext } from './fixtures';

let dir: string;
let provider: TracerProvider;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clearstone-faithful-'));
  provider = new TracerProvider({ dbPath: join(dir, 'traces.db') });
});

afterEach(async () => {
  await provider.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const approveEmails = definePolicy({ name: 'approve_emails', priority: 50 }, (ctx: PolicyContext) =>
  ctx.metadata.toolName === 'send_email' ? PAUSE('Emails need approval') : ALLOW,
);

const noModelForGuests = definePolicy({ name: 'no_model_for_guests', priority: 50 }, (ctx: PolicyContext) =>
  ctx.metadata.eventType === 'model_call' && ctx.metadata.role === 'guest'
    ? BLOCK('Guests may not call the model')
    : ALLOW,
);

async function spans(): Promise<SpanRecord[]> {
  await provider.forceFlush();
  return provider.traceStore.listTraces().flatMap((summary) => provider.traceStore.getTrace(summary.traceId)!.spans);
}

function emailAgent(options: {
  interventions?: InterventionClient;
  approvalTimeoutMs?: number;
  checkpointer?: MemorySaver;
}) {
  const tools = createTools();
  const model = scriptedModel(
    toolCallMessage('send_email', { to: 'ceo@example.com', body: 'hi' }, 'call_mail'),
    answer('Sent.'),
  );
  const agent = createAgent({
    model,
    tools: tools.all,
    checkpointer: options.checkpointer,
    middleware: [
      clearstoneMiddleware({
        engine: new PolicyEngine({ policies: [approveEmails] }),
        interventions: options.interventions,
        approvalTimeoutMs: options.approvalTimeoutMs,
        onBlock: 'tool-message',
      }),
    ],
  });
  return { agent, tools };
}

function toolSpan(all: SpanRecord[], name: string): SpanRecord {
  const found = all.filter((span) => span.attributes[GenAiAttributes.TOOL_NAME] === name);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('the record of governed calls', () => {
  it('a rejected approval is an execute_tool span that did not run, with both decisions', async () => {
    const interventions = new InterventionClient({ terminal: false, pollIntervalMs: 5 });
    const { agent, tools } = emailAgent({ interventions });
    const rejecter = setInterval(() => {
      const pending = interventions.list({ status: 'pending' })[0];
      if (pending) interventions.reject(pending.id, { by: 'test' });
    }, 5);
    await contextScope(userContext('admin'), () =>
      agent.invoke(ask('email the ceo'), { callbacks: [new TracingCallbackHandler(provider)] }),
    ).finally(() => clearInterval(rejecter));
    expect(tools.calls).toEqual([]);
    const span = toolSpan(await spans(), 'send_email');
    expect(span.name).toBe('execute_tool send_email');
    expect(span.attributes[ClearstoneAttributes.GOVERNED_OUTCOME]).toBe(GovernedOutcomes.REJECTED);
    expect(span.status).not.toBe(SpanStatusCode.ERROR);
    expect(policyDecisionsOf(span).map((decision) => decision.action)).toEqual(['pause', 'block']);
    expect(policyContextOf(span)?.metadata).toMatchObject({ toolName: 'send_email', role: 'admin' });
  });

  it('an approval that times out is recorded as timed_out', async () => {
    const interventions = new InterventionClient({ terminal: false, pollIntervalMs: 5 });
    const { agent, tools } = emailAgent({ interventions, approvalTimeoutMs: 40 });
    await contextScope(userContext('admin'), () =>
      agent.invoke(ask('email the ceo'), { callbacks: [new TracingCallbackHandler(provider)] }),
    );
    expect(tools.calls).toEqual([]);
    const span = toolSpan(await spans(), 'send_email');
    expect(span.attributes[ClearstoneAttributes.GOVERNED_OUTCOME]).toBe(GovernedOutcomes.TIMED_OUT);
  });

  it('an approved call is the tool span that ran, with the PAUSE and the outcome executed', async () => {
    const interventions = new InterventionClient({ terminal: false, pollIntervalMs: 5 });
    const { agent, tools } = emailAgent({ interventions });
    const approver = setInterval(() => {
      const pending = interventions.list({ status: 'pending' })[0];
      if (pending) interventions.approve(pending.id, { by: 'test' });
    }, 5);
    await contextScope(userContext('admin'), () =>
      agent.invoke(ask('email the ceo'), { callbacks: [new TracingCallbackHandler(provider)] }),
    ).finally(() => clearInterval(approver));
    expect(tools.calls).toHaveLength(1);
    const span = toolSpan(await spans(), 'send_email');
    expect(span.attributes[ClearstoneAttributes.GOVERNED_OUTCOME]).toBe(GovernedOutcomes.EXECUTED);
    expect(span.attributes[ClearstoneAttributes.RUN_TYPE]).toBe('tool');
    expect(policyDecisionsOf(span).map((decision) => decision.action)).toEqual(['pause']);
  });

  it('a run suspended for approval (checkpointer) records the call as paused', async () => {
    const { agent, tools } = emailAgent({ checkpointer: new MemorySaver() });
    await contextScope(userContext('admin'), () =>
      agent.invoke(ask('email the ceo'), {
        configurable: { thread_id: 'paused-thread' },
        callbacks: [new TracingCallbackHandler(provider)],
      }),
    );
    expect(tools.calls).toEqual([]);
    const span = toolSpan(await spans(), 'send_email');
    expect(span.attributes[ClearstoneAttributes.GOVERNED_OUTCOME]).toBe(GovernedOutcomes.PAUSED);
    expect(span.attributes[ClearstoneAttributes.POLICY_ACTION]).toBe('pause');
  });

  it('a blocked model call is a chat span that did not run', async () => {
    const model = scriptedModel(answer('never'));
    const agent = createAgent({
      model,
      tools: [],
      middleware: [
        clearstoneMiddleware({ engine: new PolicyEngine({ policies: [noModelForGuests] }), onBlock: 'tool-message' }),
      ],
    });
    await contextScope(userContext('guest'), () =>
      agent.invoke(ask('hello'), { callbacks: [new TracingCallbackHandler(provider)] }),
    );
    const all = await spans();
    const chat = all.filter((span) => span.attributes[GenAiAttributes.OPERATION_NAME] === 'chat');
    expect(chat).toHaveLength(1);
    expect(chat[0].attributes).toMatchObject({
      [ClearstoneAttributes.GOVERNED_OUTCOME]: GovernedOutcomes.BLOCKED,
      [ClearstoneAttributes.POLICY_NAME]: 'no_model_for_guests',
    });
    expect(chat[0].attributes[GenAiAttributes.USAGE_INPUT_TOKENS]).toBeUndefined();
    expect(policyContextOf(chat[0])?.metadata).toMatchObject({ eventType: 'model_call', role: 'guest' });
  });

  it('PolicyCallbackHandler: a blocked tool run is recorded as blocked, not as an error, on the span it reserved', async () => {
    const tools = createTools();
    const engine = new PolicyEngine({
      policies: [
        definePolicy({ name: 'no_delete', priority: 10 }, (ctx: PolicyContext) =>
          ctx.metadata.toolName === 'delete_database' ? BLOCK('No deletes') : ALLOW,
        ),
      ],
    });
    const decided: PolicyContext[] = [];
    const recording = new PolicyEngine({
      policies: [
        definePolicy({ name: 'observe', priority: 100 }, (ctx: PolicyContext) => {
          decided.push(ctx);
          return ALLOW;
        }),
      ],
    });
    const policy = new PolicyCallbackHandler({
      evaluate: async (ctx) => (await recording.evaluate(ctx), engine.evaluate(ctx)),
    });
    const tracing = new TracingCallbackHandler(provider);
    const job = RunnableLambda.from(async (input: { name: string }, config) =>
      tools.deleteDatabase.invoke(input, config),
    ).withConfig({ runName: 'job' });
    await contextScope(userContext('admin'), () =>
      rejection(job.invoke({ name: 'prod' }, { callbacks: [policy, tracing] })),
    );
    expect(tools.calls).toEqual([]);
    const all = await spans();
    const span = all.find((candidate) => candidate.name === 'execute_tool delete_database')!;
    expect(span.attributes[ClearstoneAttributes.GOVERNED_OUTCOME]).toBe(GovernedOutcomes.BLOCKED);
    expect(span.status).not.toBe(SpanStatusCode.ERROR);
    expect(decided[0].metadata.spanId).toBe(span.spanId);
    expect(decided[0].metadata.traceId).toBe(span.traceId);
  });
});
