import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextScope, type SpanRecord, type Trace } from '@clearstone/core';
import { PolicyEngine } from '@clearstone/policy';
import { TracerProvider } from '@clearstone/observability';
import { AIMessage, HumanMessage, type ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import type { StructuredToolInterface } from '@langchain/core/tools';
import { createAgent, tool } from 'langchain';
import { z } from 'zod';
import { Cassette } from '@clearstone/testing';
import { TracingCallbackHandler } from '../src';
import { clearstoneMiddleware, isPolicyViolation } from '../src/middleware';
import { cassetteMiddleware, withCassette, type CassetteSource } from '../src/testing';
import { cassetteMessages } from '../src/testing/convert';
import { compactMessages } from '../src/events/compact-messages';
import {
  answer,
  ask,
  blockAdminToolsForGuests,
  fromModel,
  rejection,
  scriptedModel,
  usage,
  userContext,
} from './fixtures';

let cassetteDir: string;

beforeEach(() => {
  cassetteDir = mkdtempSync(join(tmpdir(), 'clearstone-cassettes-'));
});

afterEach(() => {
  rmSync(cassetteDir, { recursive: true, force: true });
});

let cassetteCount = 0;

/** A real cassette recording into a fresh file. */
function recorder(): Promise<Cassette> {
  cassetteCount += 1;
  return Cassette.open(join(cassetteDir, `run-${cassetteCount}.json`), { mode: 'record' });
}

/** Saves a recording cassette and opens its file again to replay it. */
async function reopen(cassette: Cassette, mode: 'replay' | 'strict' = 'replay'): Promise<Cassette> {
  await cassette.save();
  return Cassette.open(cassette.path!, { mode });
}

function liveTools() {
  const ran: string[] = [];
  const weather = tool(
    async ({ city }) => {
      ran.push(`weather ${city}`);
      return `Sunny and 21°C in ${city}`;
    },
    { name: 'weather', description: 'Current weather of a city', schema: z.object({ city: z.string() }) },
  );
  const adminPanel = tool(
    async ({ action }) => {
      ran.push(`admin_panel ${action}`);
      return `admin panel: ${action} done`;
    },
    { name: 'admin_panel', description: 'Administrative operations', schema: z.object({ action: z.string() }) },
  );
  return { ran, weather, adminPanel, all: [weather, adminPanel] };
}

/** Tools with the same names and schemas whose bodies throw: a replay must never run them. */
function throwingTools(): StructuredToolInterface[] {
  const fail = (name: string) => async () => {
    throw new Error(`${name} must not run during replay`);
  };
  return [
    tool(fail('weather'), {
      name: 'weather',
      description: 'Current weather of a city',
      schema: z.object({ city: z.string() }),
    }),
    tool(fail('admin_panel'), {
      name: 'admin_panel',
      description: 'Administrative operations',
      schema: z.object({ action: z.string() }),
    }),
  ];
}

/** A model that fails when called: a replay must never reach it. */
const throwingModel = () => fakeModel().alwaysThrow(new Error('the model must not be called during replay'));

function weatherCall(id: string) {
  return fromModel(
    'acme-test-model',
    new AIMessage({
      content: '',
      tool_calls: [{ id, name: 'weather', args: { city: 'Paris' }, type: 'tool_call' }],
      usage_metadata: { ...usage(100, 20), input_token_details: { cache_read: 40 } },
    }),
  );
}

const finalAnswer = () => fromModel('acme-test-model', answer('It is sunny and 21°C in Paris.', usage(150, 30)));

function summary(messages: BaseMessage[]) {
  return messages.map((message) => ({
    type: message.getType(),
    content: message.content,
    toolCalls: (message as AIMessage).tool_calls?.map(({ name, args }) => ({ name, args })) ?? [],
  }));
}

async function recordRun(cassette: CassetteSource, id = 'call_live_1') {
  const tools = liveTools();
  const agent = createAgent({
    model: scriptedModel(weatherCall(id), finalAnswer()),
    tools: tools.all,
    systemPrompt: 'You answer weather questions.',
    middleware: [cassetteMiddleware(cassette)],
  });
  const result = await agent.invoke(ask('Weather in Paris?'));
  return { result, tools };
}

describe('cassetteMiddleware', () => {
  it('records a live createAgent run and replays it without calling the model or the tools', async () => {
    const recording = await recorder();
    const live = await recordRun(recording);
    expect(live.tools.ran).toEqual(['weather Paris']);
    expect(recording.entries.map(({ request }) => `${request.kind}:${request.name}`)).toEqual([
      'model:FakeBuiltModel',
      'tool:weather',
      'model:FakeBuiltModel',
    ]);
    const firstModelCall = recording.entries[0];
    expect(firstModelCall.request.messages).toEqual([
      { role: 'system', content: 'You answer weather questions.' },
      { role: 'user', content: 'Weather in Paris?' },
    ]);
    expect(firstModelCall.response).toEqual({
      content: '',
      toolCalls: [{ name: 'weather', args: { city: 'Paris' } }],
      usage: { inputTokens: 100, outputTokens: 20, totalTokens: 120, cacheReadTokens: 40 },
      responseModel: 'acme-test-model',
    });
    // Tool messages are matched by name and content, never by the call id.
    expect(recording.entries[2].request.messages?.[3]).toEqual({
      role: 'tool',
      content: 'Sunny and 21°C in Paris',
      name: 'weather',
    });
    expect(JSON.stringify(recording.entries)).not.toContain('call_live_1');

    const agent = createAgent({
      model: throwingModel(),
      tools: throwingTools(),
      systemPrompt: 'You answer weather questions.',
      middleware: [cassetteMiddleware(await reopen(recording, 'strict'))],
    });
    const replayed = await agent.invoke(ask('Weather in Paris?'));
    expect(summary(replayed.messages)).toEqual(summary(live.result.messages));
    const [, call, toolResult, last] = replayed.messages as [BaseMessage, AIMessage, ToolMessage, AIMessage];
    expect(call.tool_calls?.[0].id).toMatch(/^cassette_call_\d+$/);
    expect(toolResult.tool_call_id).toBe(call.tool_calls?.[0].id);
    expect(toolResult.content).toBe('Sunny and 21°C in Paris');
    expect(call.usage_metadata).toEqual({
      input_tokens: 100,
      output_tokens: 20,
      total_tokens: 120,
      input_token_details: { cache_read: 40 },
    });
    expect(last.response_metadata.model_name).toBe('acme-test-model');
    expect(last.content).toBe('It is sunny and 21°C in Paris.');
  });

  it('matches a run whose tool-call ids differ from the recording', async () => {
    const recording = await recorder();
    await recordRun(recording, 'call_first_run');
    const replaying = await reopen(recording, 'strict');
    const second = await recordRun(replaying, 'call_second_run');
    // Live model and tools were given, but every call was answered from the recording.
    expect(second.tools.ran).toEqual([]);
    expect(second.result.messages.at(-1)?.content).toBe('It is sunny and 21°C in Paris.');
    expect(replaying.unused).toEqual([]);
    replaying.assertAllUsed();
  });

  it('fails an unrecorded call in replay mode with the difference, without calling live', async () => {
    const recording = await recorder();
    await recordRun(recording);
    const agent = createAgent({
      model: throwingModel(),
      tools: throwingTools(),
      systemPrompt: 'You answer weather questions.',
      middleware: [cassetteMiddleware(await reopen(recording))],
    });
    const error = await rejection(agent.invoke(ask('Weather in Rome?')));
    const cause = (error as { cause?: unknown }).cause ?? error;
    expect((cause as { code?: string }).code).toBe('UNRECORDED_CALL');
    expect(String(error)).toContain('+       "content": "Weather in Rome?"');
  });

  it('streams a replayed run with streamMode values and messages', async () => {
    const recording = await recorder();
    await recordRun(recording);
    const agent = createAgent({
      model: throwingModel(),
      tools: throwingTools(),
      systemPrompt: 'You answer weather questions.',
      middleware: [cassetteMiddleware(await reopen(recording))],
    });
    let lastValues: BaseMessage[] = [];
    for await (const chunk of await agent.stream(ask('Weather in Paris?'), { streamMode: 'values' }))
      lastValues = (chunk as { messages: BaseMessage[] }).messages;
    expect(lastValues.at(-1)?.content).toBe('It is sunny and 21°C in Paris.');

    const again = createAgent({
      model: throwingModel(),
      tools: throwingTools(),
      systemPrompt: 'You answer weather questions.',
      middleware: [cassetteMiddleware(await reopen(recording))],
    });
    const streamed: Array<{ type: string; content: unknown; node: unknown }> = [];
    for await (const [message, metadata] of await again.stream(ask('Weather in Paris?'), { streamMode: 'messages' }))
      streamed.push({
        type: message.getType(),
        content: message.content,
        node: metadata.langgraph_node,
      });
    const text = streamed
      .filter((chunk) => chunk.type === 'ai')
      .map((chunk) => chunk.content)
      .join('');
    expect(text).toContain('It is sunny and 21°C in Paris.');
    expect(streamed.some((chunk) => chunk.type === 'tool' && chunk.content === 'Sunny and 21°C in Paris')).toBe(true);
  });

  it('replays a tool that threw as the same error', async () => {
    const recording = await recorder();
    const broken = tool(
      async () => {
        throw new Error('weather service down');
      },
      { name: 'weather', description: 'Current weather of a city', schema: z.object({ city: z.string() }) },
    );
    const wrapped = withCassette(broken, recording);
    await expect(wrapped.invoke({ city: 'Paris' })).rejects.toThrow('weather service down');
    expect(recording.entries[0].response).toEqual({ content: null, error: 'weather service down' });
    await expect(withCassette(throwingTools()[0], await reopen(recording)).invoke({ city: 'Paris' })).rejects.toThrow(
      'weather service down',
    );
  });
});

describe('cassetteMiddleware with clearstoneMiddleware and TracingCallbackHandler', () => {
  let dir: string;
  let provider: TracerProvider;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clearstone-cassette-'));
    provider = new TracerProvider({ dbPath: join(dir, 'traces.db') });
  });

  afterEach(async () => {
    await provider.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  function governedAgent(cassette: CassetteSource, model = throwingModel(), tools = throwingTools()) {
    const engine = new PolicyEngine({ policies: [blockAdminToolsForGuests] });
    return createAgent({
      model,
      tools,
      middleware: [clearstoneMiddleware({ engine }), cassetteMiddleware(cassette)],
    });
  }

  it('keeps a blocked tool call blocked in a replayed run', async () => {
    const recording = await recorder();
    const tools = liveTools();
    const adminCall = new AIMessage({
      content: '',
      tool_calls: [{ id: 'call_admin', name: 'admin_panel', args: { action: 'reset' }, type: 'tool_call' }],
    });
    // Recorded as an admin, who is allowed to use the tool.
    await contextScope(userContext('admin'), () =>
      governedAgent(recording, scriptedModel(adminCall, answer('Done.')), tools.all).invoke(ask('Reset the panel')),
    );
    expect(tools.ran).toEqual(['admin_panel reset']);
    const replaying = await reopen(recording);
    // Replayed as a guest: governance decides before the cassette answers, so the call is blocked.
    const error = await rejection(
      contextScope(userContext('guest'), () => governedAgent(replaying).invoke(ask('Reset the panel'))),
    );
    expect(isPolicyViolation(error)).toBe(true);
  });

  it('traces a replayed run with the replayed usage', async () => {
    const recording = await recorder();
    await contextScope(userContext('guest'), () =>
      governedAgent(recording, scriptedModel(weatherCall('call_1'), finalAnswer()), liveTools().all).invoke(
        ask('Weather in Paris?'),
      ),
    );
    const tracing = new TracingCallbackHandler(provider);
    const replaying = await reopen(recording, 'strict');
    const result = await contextScope(userContext('guest'), () =>
      governedAgent(replaying).invoke(ask('Weather in Paris?'), { callbacks: [tracing] }),
    );
    expect(result.messages.at(-1)?.content).toBe('It is sunny and 21°C in Paris.');
    await provider.forceFlush();
    const [traceSummary] = provider.traceStore.listTraces();
    const trace = provider.traceStore.getTrace(traceSummary.traceId) as Trace;
    const chats = trace.spans.filter((span: SpanRecord) => span.name.startsWith('chat '));
    expect(chats.map((span) => span.name)).toEqual(['chat FakeBuiltModel', 'chat FakeBuiltModel']);
    const usageKeys = ['input_tokens', 'output_tokens'].map((key) => ['gen_ai', 'usage', key].join('.'));
    const responseModelKey = ['gen_ai', 'response', 'model'].join('.');
    expect(chats.map((span) => usageKeys.map((key) => span.attributes[key]))).toEqual([
      [100, 20],
      [150, 30],
    ]);
    expect(chats[0].attributes[responseModelKey]).toBe('acme-test-model');
    expect(trace.spans.some((span: SpanRecord) => span.name === 'execute_tool weather')).toBe(true);
  });
});

describe('withCassette', () => {
  it('records and replays a chat model called directly, with bindTools', async () => {
    const recording = await recorder();
    const model = withCassette(scriptedModel(weatherCall('call_x'), finalAnswer()), recording);
    const first = await model.bindTools(throwingTools()).invoke([new HumanMessage('Weather in Paris?')]);
    expect((first as AIMessage).tool_calls?.[0].name).toBe('weather');
    const second = await model.invoke([new HumanMessage('And now?')]);
    expect(second.content).toBe('It is sunny and 21°C in Paris.');

    const replay = withCassette(throwingModel(), await reopen(recording, 'strict'));
    const again = (await replay
      .bindTools(throwingTools())
      .invoke([new HumanMessage('Weather in Paris?')])) as AIMessage;
    expect(again.tool_calls?.map(({ name, args }) => ({ name, args }))).toEqual([
      { name: 'weather', args: { city: 'Paris' } },
    ]);
    expect(again.usage_metadata?.input_tokens).toBe(100);
    expect((await replay.invoke([new HumanMessage('And now?')])).content).toBe('It is sunny and 21°C in Paris.');
  });

  it('records and replays a tool called directly, with plain args or a tool call', async () => {
    const recording = await recorder();
    const live = withCassette(liveTools().weather, recording);
    expect(await live.invoke({ city: 'Paris' })).toBe('Sunny and 21°C in Paris');
    const replay = withCassette(throwingTools()[0], await reopen(recording));
    expect(await replay.invoke({ city: 'Paris' })).toBe('Sunny and 21°C in Paris');
    const replayCall = withCassette(throwingTools()[0], await reopen(recording));
    const message = (await replayCall.invoke({
      id: 'call_9',
      name: 'weather',
      args: { city: 'Paris' },
      type: 'tool_call',
    })) as ToolMessage;
    expect(message.tool_call_id).toBe('call_9');
    expect(message.content).toBe('Sunny and 21°C in Paris');
  });
});

describe('message matching', () => {
  it('joins text content blocks as traces record them, so a cassette made from a trace matches', () => {
    const blocks = new HumanMessage({
      content: [
        { type: 'text', text: 'first part' },
        { type: 'text', text: 'second part' },
      ],
    });
    const [matched] = cassetteMessages([blocks]);
    const [recorded] = compactMessages([blocks]);
    expect(matched.content).toBe('first part\nsecond part');
    expect(matched.content).toBe(recorded.content);
  });
});
