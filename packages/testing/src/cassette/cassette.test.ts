import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClearstoneAttributes,
  GenAiAttributes,
  SpanKind,
  SpanStatusCode,
  captureSnapshot,
  type SpanRecord,
  type Trace,
} from '@clearstone/core';
import { CassetteError } from '../errors/cassette-error';
import { Cassette, defaultCassetteMode } from './cassette';
import type { CassetteModelResponse, CassetteRequest, CassetteToolResponse } from './types';

let dir: string;
const savedEnv = { mode: process.env.CLEARSTONE_CASSETTE_MODE, ci: process.env.CI };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clearstone-cassette-'));
  delete process.env.CLEARSTONE_CASSETTE_MODE;
  delete process.env.CI;
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const [name, value] of [
    ['CLEARSTONE_CASSETTE_MODE', savedEnv.mode],
    ['CI', savedEnv.ci],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const weather = (city: string, system = 'You are a weather bot.'): CassetteRequest => ({
  kind: 'model',
  name: 'gpt-4o',
  messages: [
    { role: 'system', content: system },
    { role: 'user', content: `What is the weather in ${city}?` },
  ],
});
const forecast: CassetteModelResponse = {
  content: '',
  toolCalls: [{ name: 'get_weather', args: { city: 'Paris' } }],
  usage: { inputTokens: 120, outputTokens: 30, totalTokens: 150 },
  responseModel: 'gpt-4o-2024-08-06',
};
const search = (query: string): CassetteRequest => ({ kind: 'tool', name: 'search', args: { query } });

function caught(action: () => unknown): CassetteError {
  try {
    action();
  } catch (error) {
    if (CassetteError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a CassetteError');
}

async function caughtAsync(action: () => Promise<unknown>): Promise<CassetteError> {
  try {
    await action();
  } catch (error) {
    if (CassetteError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a CassetteError');
}

async function recordedCassette(path: string): Promise<void> {
  const cassette = await Cassette.open(path, { mode: 'record' });
  expect(cassette.replay(weather('Paris'))).toBeUndefined();
  cassette.record(weather('Paris'), forecast);
  cassette.record(search('sun'), { content: 'sunny' });
  cassette.record(search('sun'), { content: 'still sunny' });
  await cassette.save();
}

describe('modes', () => {
  it('record calls live and writes stable, pretty JSON in recording order', async () => {
    const path = join(dir, 'nested', 'deeper', 'weather.json');
    await recordedCassette(path);
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "format": "clearstone-cassette",\n  "version": 1,\n');
    const file = JSON.parse(text) as { entries: Array<{ request: CassetteRequest; response: unknown }> };
    expect(Object.keys(file)).toEqual(['format', 'version', 'entries']);
    expect(file.entries.map((entry) => entry.request.kind)).toEqual(['model', 'tool', 'tool']);
    expect(Object.keys(file.entries[0].request)).toEqual(['kind', 'name', 'messages']);
    expect(file.entries[0].response).toEqual(forecast);
    // No temporary file left behind.
    expect(readdirSync(join(dir, 'nested', 'deeper'))).toEqual(['weather.json']);
    // The same recordings give the same bytes.
    const again = join(dir, 'again.json');
    await recordedCassette(again);
    expect(readFileSync(again, 'utf8')).toBe(text);
  });

  it('record mode replaces what the file held', async () => {
    const path = join(dir, 'c.json');
    await recordedCassette(path);
    const cassette = await Cassette.open(path, { mode: 'record' });
    expect(cassette.entries).toHaveLength(0);
    cassette.record(search('rain'), { content: 'rainy' });
    await cassette.save();
    expect((await Cassette.open(path, { mode: 'replay' })).entries).toHaveLength(1);
  });

  it('replay answers from the recordings, usage included, without touching the file', async () => {
    const path = join(dir, 'c.json');
    await recordedCassette(path);
    const before = readFileSync(path, 'utf8');
    const cassette = await Cassette.open(path, { mode: 'replay' });
    const answer = cassette.replay(weather('Paris')) as CassetteModelResponse;
    expect(answer).toEqual(forecast);
    expect(answer.usage).toEqual({ inputTokens: 120, outputTokens: 30, totalTokens: 150 });
    await cassette.save();
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('replay throws UNRECORDED_CALL for a call without a recording, and refuses to record', async () => {
    const path = join(dir, 'c.json');
    await recordedCassette(path);
    const cassette = await Cassette.open(path, { mode: 'replay' });
    const error = caught(() => cassette.replay(search('moon')));
    expect(error.code).toBe('UNRECORDED_CALL');
    expect(caught(() => cassette.record(search('moon'), { content: 'x' })).code).toBe('NOT_RECORDING');
    await cassette.save();
    expect(JSON.parse(readFileSync(path, 'utf8')).entries).toHaveLength(3);
  });

  it('auto replays what is recorded, records the rest and saves only when something was recorded', async () => {
    const path = join(dir, 'c.json');
    await recordedCassette(path);
    const before = readFileSync(path, 'utf8');
    const replaying = await Cassette.open(path, { mode: 'auto' });
    expect(replaying.replay(search('sun'))).toEqual({ content: 'sunny' });
    await replaying.save();
    expect(readFileSync(path, 'utf8')).toBe(before);

    const recording = await Cassette.open(path, { mode: 'auto' });
    expect(recording.replay(search('moon'))).toBeUndefined();
    recording.record(search('moon'), { content: 'full' });
    await recording.save();
    const reopened = await Cassette.open(path, { mode: 'replay' });
    expect(reopened.entries).toHaveLength(4);
    expect(reopened.replay(search('moon'))).toEqual({ content: 'full' });
  });

  it('auto on a missing file starts empty; replay and strict refuse it', async () => {
    const path = join(dir, 'missing.json');
    const cassette = await Cassette.open(path, { mode: 'auto' });
    expect(cassette.entries).toEqual([]);
    await cassette.save();
    expect(existsSync(path)).toBe(false);
    for (const mode of ['replay', 'strict'] as const) {
      const error = await caughtAsync(() => Cassette.open(path, { mode }));
      expect(error.code).toBe('CASSETTE_NOT_FOUND');
      expect(error.message).toContain(path);
    }
  });

  it('strict fails in save() when recordings were never used, listing them', async () => {
    const path = join(dir, 'c.json');
    await recordedCassette(path);
    const cassette = await Cassette.open(path, { mode: 'strict' });
    cassette.replay(weather('Paris'));
    cassette.replay(search('sun'));
    expect(cassette.unused).toHaveLength(1);
    const error = await caughtAsync(() => cassette.save());
    expect(error.code).toBe('UNUSED_RECORDINGS');
    expect(error.message).toContain('#3 tool call "search"');
    expect(error.unused).toEqual([{ request: search('sun'), response: { content: 'still sunny' } }]);
    cassette.replay(search('sun'));
    await expect(cassette.save()).resolves.toBeUndefined();
    expect(() => cassette.assertAllUsed()).not.toThrow();
    expect(caught(() => cassette.replay(search('sun'))).code).toBe('UNRECORDED_CALL');
  });
});

describe('the default mode', () => {
  it('is auto locally, strict when CI is set, and CLEARSTONE_CASSETTE_MODE wins', async () => {
    expect(defaultCassetteMode()).toBe('auto');
    expect((await Cassette.open(join(dir, 'a.json'))).mode).toBe('auto');
    process.env.CI = 'true';
    expect(defaultCassetteMode()).toBe('strict');
    expect((await caughtAsync(() => Cassette.open(join(dir, 'a.json')))).code).toBe('CASSETTE_NOT_FOUND');
    process.env.CLEARSTONE_CASSETTE_MODE = 'record';
    expect((await Cassette.open(join(dir, 'a.json'))).mode).toBe('record');
    expect((await Cassette.open(join(dir, 'a.json'), { mode: 'auto' })).mode).toBe('auto');
  });

  it('rejects an unknown mode, from the environment or the options', async () => {
    process.env.CLEARSTONE_CASSETTE_MODE = 'replay-all';
    const error = await caughtAsync(() => Cassette.open(join(dir, 'a.json')));
    expect(error.code).toBe('INVALID_MODE');
    expect(error.message).toContain('CLEARSTONE_CASSETTE_MODE');
    expect(error.message).toContain('replay-all');
    delete process.env.CLEARSTONE_CASSETTE_MODE;
    const fromOptions = await caughtAsync(() =>
      Cassette.open(join(dir, 'a.json'), { mode: 'live' as unknown as 'auto' }),
    );
    expect(fromOptions.code).toBe('INVALID_MODE');
  });
});

describe('matching', () => {
  it('ignores ids, run ids, timestamps and surrounding whitespace', async () => {
    const path = join(dir, 'c.json');
    await recordedCassette(path);
    const cassette = await Cassette.open(path, { mode: 'replay' });
    const noisy = {
      kind: 'model',
      name: 'gpt-4o',
      messages: [
        { role: 'system', content: '  You are a weather bot.\n', id: 'msg-1', timestamp: '2026-01-01T00:00:00Z' },
        { role: 'user', content: 'What is the weather in Paris?', id: 'msg-2', runId: 'run-9' },
      ],
    } as unknown as CassetteRequest;
    expect(cassette.replay(noisy)).toEqual(forecast);
    const withIds = {
      kind: 'model',
      name: 'gpt-4o',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: '', toolCalls: [{ name: 'search', args: { b: 2, a: 1 }, id: 'call_1' }] },
        { role: 'tool', content: 'ok', name: 'search', toolCallId: 'call_1' },
      ],
    } as unknown as CassetteRequest;
    const recording = await Cassette.open(join(dir, 'ids.json'), { mode: 'record' });
    recording.record(withIds, { content: 'done' });
    await recording.save();
    const renamed = JSON.parse(
      JSON.stringify(withIds)
        .replace(/call_1/g, 'call_77')
        .replace('"b":2,"a":1', '"a":1,"b":2'),
    ) as CassetteRequest;
    const replaying = await Cassette.open(join(dir, 'ids.json'), { mode: 'replay' });
    expect(replaying.replay(renamed)).toEqual({ content: 'done' });
  });

  it('tool arguments are compared deeply, key order aside', async () => {
    const recording = await Cassette.open(join(dir, 'c.json'), { mode: 'record' });
    recording.record({ kind: 'tool', name: 'lookup', args: { filter: { b: [1, 2], a: 'x' } } }, { content: 1 });
    await recording.save();
    const cassette = await Cassette.open(join(dir, 'c.json'), { mode: 'auto' });
    expect(cassette.replay({ kind: 'tool', name: 'lookup', args: { filter: { a: 'x', b: [2, 1] } } })).toBeUndefined();
    expect(cassette.replay({ kind: 'tool', name: 'lookup', args: { filter: { a: 'x', b: [1, 2] } } })).toEqual({
      content: 1,
    });
  });

  it('ignoreSystemPrompt drops system messages before comparing', async () => {
    const path = join(dir, 'c.json');
    await recordedCassette(path);
    const strictSystem = await Cassette.open(path, { mode: 'replay' });
    expect(caught(() => strictSystem.replay(weather('Paris', 'You are a helpful bot.'))).code).toBe('UNRECORDED_CALL');
    const ignoring = await Cassette.open(path, { mode: 'replay', match: { ignoreSystemPrompt: true } });
    expect(ignoring.replay(weather('Paris', 'You are a helpful bot.'))).toEqual(forecast);
  });

  it('a custom matcher replaces the default one (kind and name still select the recordings)', async () => {
    const path = join(dir, 'c.json');
    await recordedCassette(path);
    const seen: Array<[CassetteRequest, CassetteRequest]> = [];
    const cassette = await Cassette.open(path, {
      mode: 'replay',
      match: (live, recorded) => {
        seen.push([live, recorded]);
        return true;
      },
    });
    expect(cassette.replay(weather('Tokyo'))).toEqual(forecast);
    expect(seen).toHaveLength(1);
    expect(seen[0][1].kind).toBe('model');
    expect(cassette.replay(search('anything'))).toEqual({ content: 'sunny' });
    expect(caught(() => cassette.replay({ kind: 'tool', name: 'other', args: {} })).code).toBe('UNRECORDED_CALL');
  });

  it('repeated identical calls replay in recording order', async () => {
    const path = join(dir, 'c.json');
    await recordedCassette(path);
    const cassette = await Cassette.open(path, { mode: 'replay' });
    expect(cassette.replay(search('sun'))).toEqual({ content: 'sunny' });
    expect(cassette.replay(search('sun'))).toEqual({ content: 'still sunny' });
    const third = caught(() => cassette.replay(search('sun')));
    expect(third.code).toBe('UNRECORDED_CALL');
    expect(third.message).toContain('already used');
  });

  it('a replayed response is a copy', async () => {
    const path = join(dir, 'c.json');
    await recordedCassette(path);
    const cassette = await Cassette.open(path, { mode: 'auto' });
    const answer = cassette.replay(weather('Paris')) as CassetteModelResponse;
    answer.toolCalls!.push({ name: 'x', args: {} });
    expect((cassette.entries[0].response as CassetteModelResponse).toolCalls).toHaveLength(1);
  });
});

describe('a changed prompt', () => {
  it('fails with the closest recording and a readable line diff', async () => {
    const path = join(dir, 'c.json');
    await recordedCassette(path);
    const cassette = await Cassette.open(path, { mode: 'strict' });
    const error = caught(() => cassette.replay(weather('Lyon')));
    expect(error.code).toBe('UNRECORDED_CALL');
    expect(error.message).toContain('model call "gpt-4o"');
    expect(error.message).toContain(path);
    const lines = error.message.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^- +"content": "What is the weather in Paris\?"$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\+ +"content": "What is the weather in Lyon\?"$/));
    expect(error.message).toContain('CLEARSTONE_CASSETTE_MODE=record');
    expect(error.closest).toEqual(weather('Paris'));
    expect(error.request).toEqual(weather('Lyon'));
    // Unchanged lines are context, not changes.
    expect(lines.filter((line) => line.startsWith('- ') || line.startsWith('+ '))).toHaveLength(2);
  });

  it('names the closest call of the same kind when no recording has that name', async () => {
    const path = join(dir, 'c.json');
    await recordedCassette(path);
    const cassette = await Cassette.open(path, { mode: 'replay' });
    const error = caught(() => cassette.replay({ kind: 'tool', name: 'web_search', args: { query: 'sun' } }));
    expect(error.closest?.name).toBe('search');
    expect(error.message).toContain('-   "name": "search"');
    expect(error.message).toContain('+   "name": "web_search"');
  });

  it('keeps a long diff short', async () => {
    const cassette = await Cassette.open(join(dir, 'c.json'), { mode: 'auto' });
    const many = (prefix: string) =>
      Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, `${prefix}${i}`]));
    cassette.record({ kind: 'tool', name: 'bulk', args: many('a') }, { content: null });
    await cassette.save();
    const replaying = await Cassette.open(join(dir, 'c.json'), { mode: 'replay' });
    const error = caught(() => replaying.replay({ kind: 'tool', name: 'bulk', args: many('b') }));
    const diffLines = error.message.split('\n').filter((line) => /^[-+ ] /.test(line));
    expect(diffLines.length).toBeLessThanOrEqual(42);
    expect(error.message).toMatch(/… \(\d+ more lines\)/);
  });
});

describe('redaction', () => {
  it('redact: true keeps card numbers and emails out of the file, and still replays the raw call', async () => {
    const path = join(dir, 'c.json');
    const request: CassetteRequest = {
      kind: 'tool',
      name: 'charge',
      args: { card: '4111 1111 1111 1111', receipt: 'alice@example.com' },
    };
    const cassette = await Cassette.open(path, { mode: 'record', redact: true });
    cassette.record(request, { content: 'Charged 4111 1111 1111 1111, receipt sent to alice@example.com' });
    await cassette.save();
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('4111 1111 1111 1111');
    expect(text).not.toContain('alice@example.com');
    expect(text).toContain('[CREDIT_CARD]');
    const replaying = await Cassette.open(path, { mode: 'replay', redact: true });
    expect((replaying.replay(request) as CassetteToolResponse).content).not.toContain('alice@example.com');
  });

  it('a function redacts each entry', async () => {
    const path = join(dir, 'c.json');
    const cassette = await Cassette.open(path, {
      mode: 'record',
      redact: (entry) => ({ ...entry, response: { content: '[hidden]' } }),
    });
    cassette.record(search('secret'), { content: 'token abc' });
    await cassette.save();
    expect(readFileSync(path, 'utf8')).not.toContain('token abc');
  });
});

describe('a corrupt or foreign file', () => {
  it('is refused with the path and what is wrong, and never overwritten', async () => {
    const cases: Array<[string, string, string]> = [
      ['not JSON', '{ "format": "clearstone-cassette", ', 'not JSON'],
      ['foreign', '{ "name": "my-package" }', 'not a Clearstone cassette'],
      ['bad entries', '{ "format": "clearstone-cassette", "version": 1, "entries": {} }', '"entries" is not an array'],
      [
        'bad entry',
        '{ "format": "clearstone-cassette", "version": 1, "entries": [{ "request": { "kind": "shell", "name": "x" }, "response": { "content": 1 } }] }',
        'entry 0',
      ],
    ];
    for (const [name, content, problem] of cases) {
      const path = join(dir, `${name}.json`);
      writeFileSync(path, content);
      const error = await caughtAsync(() => Cassette.open(path, { mode: 'auto' }));
      expect(error.code).toBe('CORRUPT_CASSETTE');
      expect(error.message).toContain(path);
      expect(error.message).toContain(problem);
      expect(readFileSync(path, 'utf8')).toBe(content);
    }
  });

  it('an unknown format version is UNSUPPORTED_VERSION', async () => {
    const path = join(dir, 'future.json');
    writeFileSync(path, '{ "format": "clearstone-cassette", "version": 2, "entries": [] }');
    const error = await caughtAsync(() => Cassette.open(path));
    expect(error.code).toBe('UNSUPPORTED_VERSION');
    expect(error.message).toContain(path);
  });
});

function span(spanId: string, attributes: SpanRecord['attributes'], input?: unknown, output?: unknown): SpanRecord {
  return {
    traceId: 'a'.repeat(32),
    spanId,
    parentSpanId: '0'.repeat(15) + '1',
    name: spanId,
    kind: SpanKind.INTERNAL,
    startTimeNs: 1n,
    endTimeNs: 2n,
    durationNs: 1n,
    attributes,
    status: SpanStatusCode.OK,
    events: [],
    links: [],
    ...(input === undefined ? {} : { input: captureSnapshot(input) }),
    ...(output === undefined ? {} : { output: captureSnapshot(output) }),
    instrumentationName: 'test',
  };
}

describe('Cassette.fromTrace', () => {
  const trace: Trace = {
    traceId: 'a'.repeat(32),
    rootSpanId: '0'.repeat(15) + '1',
    startTimeNs: 1n,
    status: SpanStatusCode.OK,
    spans: [
      span(
        '0000000000000002',
        {
          [GenAiAttributes.OPERATION_NAME]: 'chat',
          [GenAiAttributes.REQUEST_MODEL]: 'gpt-4o',
          [GenAiAttributes.RESPONSE_MODEL]: 'gpt-4o-2024-08-06',
          [GenAiAttributes.USAGE_INPUT_TOKENS]: 100,
          [GenAiAttributes.USAGE_OUTPUT_TOKENS]: 20,
        },
        [{ role: 'user', content: 'Refund order 42 for bob@example.com' }],
        { role: 'assistant', content: '', toolCalls: [{ name: 'refund', args: { order: 42 }, id: 'call_1' }] },
      ),
      span(
        '0000000000000003',
        {
          [GenAiAttributes.OPERATION_NAME]: 'execute_tool',
          [GenAiAttributes.TOOL_NAME]: 'refund',
          [GenAiAttributes.TOOL_CALL_ID]: 'call_1',
          [ClearstoneAttributes.GOVERNED_OUTCOME]: 'executed',
        },
        { order: 42 },
        { role: 'tool', content: 'refunded', toolCallId: 'call_1', name: 'refund' },
      ),
      span('0000000000000004', {
        [GenAiAttributes.OPERATION_NAME]: 'execute_tool',
        [GenAiAttributes.TOOL_NAME]: 'delete_database',
        [ClearstoneAttributes.GOVERNED_OUTCOME]: 'blocked',
      }),
      span('0000000000000005', {
        [GenAiAttributes.OPERATION_NAME]: 'execute_tool',
        [GenAiAttributes.TOOL_NAME]: 'lookup',
        [GenAiAttributes.TOOL_CALL_ARGUMENTS]: '{"id":7}',
        [GenAiAttributes.TOOL_CALL_RESULT]: '{"found":true}',
      }),
    ],
  };

  it('turns tool and model spans into entries, usage included, and skips calls that did not run', () => {
    const cassette = Cassette.fromTrace(trace, { mode: 'strict' });
    expect(cassette.entries).toEqual([
      {
        request: {
          kind: 'model',
          name: 'gpt-4o',
          messages: [{ role: 'user', content: 'Refund order 42 for bob@example.com' }],
        },
        response: {
          content: '',
          toolCalls: [{ name: 'refund', args: { order: 42 } }],
          usage: { inputTokens: 100, outputTokens: 20, totalTokens: 120 },
          responseModel: 'gpt-4o-2024-08-06',
        },
      },
      { request: { kind: 'tool', name: 'refund', args: { order: 42 } }, response: { content: 'refunded' } },
      { request: { kind: 'tool', name: 'lookup', args: { id: 7 } }, response: { content: { found: true } } },
    ]);
    expect(cassette.replay({ kind: 'tool', name: 'refund', args: { order: 42 } })).toEqual({ content: 'refunded' });
    expect(cassette.toJSON().format).toBe('clearstone-cassette');
  });

  it('redacts and saves to the given path', async () => {
    const path = join(dir, 'from-trace.json');
    const cassette = Cassette.fromTrace(trace, { path, redact: true, mode: 'auto' });
    await cassette.save();
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('bob@example.com');
    expect(JSON.parse(text).entries).toHaveLength(3);
    const inMemory = Cassette.fromTrace(trace, { mode: 'auto' });
    expect((await caughtAsync(() => inMemory.save())).code).toBe('NO_PATH');
  });
});
