// A real createAgent agent traced by TracingCallbackHandler into a SQLite file: Cassette.fromTrace
// turns the recorded run into a cassette, and the same agent replays it through cassetteMiddleware
// with a model and tools that throw if called.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TracingCallbackHandler } from '@clearstone/langchain';
import { cassetteMiddleware } from '@clearstone/langchain/testing';
import { TracerProvider } from '@clearstone/observability';
import { Cassette, CassetteError, PolicyTestHarness, type CassetteModelResponse } from '@clearstone/testing';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { createAgent, tool } from 'langchain';
import { z } from 'zod';

const usage = { input_tokens: 60, output_tokens: 40, total_tokens: 100 };

function tools(ran: string[], fail = false) {
  return ['lookup_order', 'refund'].map((name) =>
    tool(
      async (args: { value: string }) => {
        if (fail) throw new Error(`${name} must not run during replay`);
        ran.push(name);
        return `${name} done for ${args.value}`;
      },
      { name, description: name, schema: z.object({ value: z.string() }) },
    ),
  );
}

function script() {
  return fakeModel()
    .respond(
      new AIMessage({
        content: '',
        tool_calls: [{ id: 'live_1', name: 'lookup_order', args: { value: '42' }, type: 'tool_call' }],
        usage_metadata: usage,
      }),
    )
    .respond(
      new AIMessage({
        content: '',
        tool_calls: [{ id: 'live_2', name: 'refund', args: { value: '42' }, type: 'tool_call' }],
        usage_metadata: usage,
      }),
    )
    .respond(new AIMessage({ content: 'Order 42 was refunded.', usage_metadata: usage }));
}

const question = { messages: [{ role: 'user', content: 'Refund order 42 for bob@example.com' }] };
const lastText = (messages: BaseMessage[]) => String(messages[messages.length - 1].content);

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clearstone-cassette-trace-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('Cassette.fromTrace on a trace recorded by TracingCallbackHandler', () => {
  it('replays the recorded run without calling the model or the tools', async () => {
    const dbPath = join(dir, 'traces.db');
    const provider = new TracerProvider({ dbPath });
    const ran: string[] = [];
    const live = await createAgent({ model: script(), tools: tools(ran) }).invoke(question, {
      callbacks: [new TracingCallbackHandler(provider)],
    });
    await provider.shutdown();
    expect(ran).toEqual(['lookup_order', 'refund']);

    const harness = new PolicyTestHarness(dbPath);
    const [trace] = harness.loadTraces({ limit: 1 });
    harness.close?.();
    const path = join(dir, 'refund.json');
    const cassette = Cassette.fromTrace(trace, { mode: 'strict', path, redact: true });
    expect(cassette.entries.map(({ request }) => `${request.kind} ${request.name}`)).toEqual([
      expect.stringMatching(/^model /),
      'tool lookup_order',
      expect.stringMatching(/^model /),
      'tool refund',
      expect.stringMatching(/^model /),
    ]);
    const firstAnswer = cassette.entries[0].response as CassetteModelResponse;
    expect(firstAnswer.toolCalls).toEqual([{ name: 'lookup_order', args: { value: '42' } }]);
    expect(firstAnswer.usage).toMatchObject({ inputTokens: 60, outputTokens: 40, totalTokens: 100 });
    expect(cassette.entries[1].response).toEqual({ content: 'lookup_order done for 42' });

    const replayed = await createAgent({
      model: fakeModel().alwaysThrow(new Error('the model must not be called during replay')),
      tools: tools([], true),
      middleware: [cassetteMiddleware(cassette)],
    }).invoke(question);
    expect(lastText(replayed.messages)).toBe(lastText(live.messages));
    expect(lastText(replayed.messages)).toBe('Order 42 was refunded.');
    expect(cassette.unused).toEqual([]);
    await cassette.save();
    // Redaction happened before the file was written.
    expect(readFileSync(path, 'utf8')).not.toContain('bob@example.com');
  });

  it('fails a changed prompt with the difference', async () => {
    const dbPath = join(dir, 'traces.db');
    const provider = new TracerProvider({ dbPath });
    await createAgent({ model: script(), tools: tools([]) }).invoke(question, {
      callbacks: [new TracingCallbackHandler(provider)],
    });
    await provider.shutdown();
    const harness = new PolicyTestHarness(dbPath);
    const [trace] = harness.loadTraces({ limit: 1 });
    harness.close?.();
    const agent = createAgent({
      model: fakeModel().alwaysThrow(new Error('the model must not be called during replay')),
      tools: tools([], true),
      middleware: [cassetteMiddleware(Cassette.fromTrace(trace, { mode: 'replay' }))],
    });
    const error = await agent
      .invoke({ messages: [{ role: 'user', content: 'Refund order 43 for bob@example.com' }] })
      .then(() => undefined)
      .catch((thrown: unknown) => thrown);
    // LangChain wraps what a middleware throws; the cassette's error is its cause.
    const cause = CassetteError.isInstance(error) ? error : (error as Error).cause;
    expect(CassetteError.isInstance(cause)).toBe(true);
    expect((cause as CassetteError).code).toBe('UNRECORDED_CALL');
    const message = (cause as CassetteError).message;
    expect(message).toContain('- ');
    expect(message).toMatch(/^- .*Refund order 42 for bob@example\.com/m);
    expect(message).toMatch(/^\+ .*Refund order 43 for bob@example\.com/m);
  });
});
