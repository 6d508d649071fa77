import nodeCrypto, { randomUUID as importedRandomUUID } from 'node:crypto';
import { performance as perfHooksPerformance } from 'node:perf_hooks';
import { SpanKind, SpanStatusCode, captureSnapshot, type SpanRecord } from '@clearstone/core';
import { DeterministicExecutionContext, ReplayError } from '..';

const T0 = Date.UTC(2025, 4, 6, 7, 8, 9);

function sample() {
  return {
    now: Date.now(),
    date: new Date().toISOString(),
    called: Date(),
    perf: performance.now(),
    perfHooks: perfHooksPerformance.now(),
    random: [Math.random(), Math.random()],
    uuid: globalThis.crypto.randomUUID(),
    nodeUuid: nodeCrypto.randomUUID(),
    importedUuid: importedRandomUUID(),
  };
}

function recorded(name: string, output: unknown, extra: Partial<SpanRecord> = {}): SpanRecord {
  return {
    traceId: 'd'.repeat(32),
    spanId: Math.random().toString(16).slice(2, 18).padEnd(16, '1'),
    name,
    kind: SpanKind.CLIENT,
    startTimeNs: BigInt(extra.startTimeNs ?? 0n),
    attributes: {},
    status: SpanStatusCode.OK,
    events: [],
    links: [],
    instrumentationName: 'test',
    output: captureSnapshot(output),
    ...extra,
  };
}

async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (error) {
    expect(ReplayError.isInstance(error)).toBe(true);
    return (error as ReplayError).code;
  }
  return undefined;
}

describe('DeterministicExecutionContext', () => {
  it('fixes every clock, random and UUID source and reproduces them run after run', () => {
    const context = new DeterministicExecutionContext({ seed: 7, startTimeMs: T0 });
    const first = context.run(sample);
    const second = context.run(sample);
    expect(first).toEqual(second);
    expect(first.now).toBe(T0);
    expect(first.date).toBe(new Date(T0).toISOString());
    expect(first.called).toBe(new Date(T0).toString());
    expect(first.perf).toBe(0);
    expect(first.perfHooks).toBe(0);
    expect(first.random[0]).not.toBe(first.random[1]);
    expect(first.random.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(first.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set([first.uuid, first.nodeUuid, first.importedUuid]).size).toBe(3);
    const otherSeed = new DeterministicExecutionContext({ seed: 8, startTimeMs: T0 }).run(sample);
    expect(otherSeed.random).not.toEqual(first.random);
    expect(otherSeed.uuid).not.toBe(first.uuid);
  });

  it('keeps Date working normally apart from "now"', () => {
    const result = new DeterministicExecutionContext({ startTimeMs: T0 }).run(() => {
      const explicit = new Date('2020-01-02T00:00:00Z');
      return {
        explicit: explicit.getTime(),
        isDate: new Date() instanceof Date,
        parsed: Date.parse('2020-01-02T00:00:00Z'),
        utc: Date.UTC(2020, 0, 2),
      };
    });
    expect(result).toEqual({
      explicit: Date.UTC(2020, 0, 2),
      isDate: true,
      parsed: Date.UTC(2020, 0, 2),
      utc: Date.UTC(2020, 0, 2),
    });
  });

  it('advances the clock by tickMs per read when asked', () => {
    const reads = new DeterministicExecutionContext({ startTimeMs: 1000, tickMs: 5 }).run(() => [
      Date.now(),
      Date.now(),
      performance.now(),
    ]);
    expect(reads).toEqual([1000, 1005, 10]);
  });

  it('restores the real sources on exit, also when the run throws or rejects', async () => {
    const originals = {
      now: Date.now,
      DateCtor: Date,
      perf: performance.now,
      random: Math.random,
      uuid: globalThis.crypto.randomUUID,
      nodeUuid: nodeCrypto.randomUUID,
    };
    const check = () => {
      expect(Date.now).toBe(originals.now);
      expect(Date).toBe(originals.DateCtor);
      expect(performance.now).toBe(originals.perf);
      expect(Math.random).toBe(originals.random);
      expect(globalThis.crypto.randomUUID).toBe(originals.uuid);
      expect(nodeCrypto.randomUUID).toBe(originals.nodeUuid);
      expect(importedRandomUUID()).not.toBe(importedRandomUUID());
      expect(Math.abs(Date.now() - new originals.DateCtor().getTime())).toBeLessThan(60_000);
      expect(Object.prototype.hasOwnProperty.call(Math, 'random')).toBe(true);
      expect(Object.prototype.hasOwnProperty.call(globalThis.performance, 'now')).toBe(false);
    };
    const context = new DeterministicExecutionContext({ seed: 1, startTimeMs: T0 });
    context.run(() => 1);
    check();
    expect(() =>
      context.run(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    check();
    await expect(
      context.run(async () => {
        await Promise.resolve();
        expect(Date.now()).toBe(T0);
        throw new Error('later');
      }),
    ).rejects.toThrow('later');
    check();
    expect(context.active).toBe(false);
  });

  it('nests: the inner context exit brings back the outer fakes', () => {
    const outer = new DeterministicExecutionContext({ seed: 1, startTimeMs: 1000 });
    const inner = new DeterministicExecutionContext({ seed: 2, startTimeMs: 2000 });
    const realNow = Date.now;
    outer.enter();
    try {
      const outerFirst = Math.random();
      const innerValues = inner.run(() => [Date.now(), new Date().getTime(), Math.random()]);
      expect(innerValues.slice(0, 2)).toEqual([2000, 2000]);
      expect(Date.now()).toBe(1000);
      expect(new Date().getTime()).toBe(1000);
      const outerSecond = Math.random();
      const reference = new DeterministicExecutionContext({ seed: 1 }).run(() => [Math.random(), Math.random()]);
      expect([outerFirst, outerSecond]).toEqual(reference);
      expect(innerValues[2]).not.toBe(outerSecond);
      inner.enter();
      return expect(() => outer.exit()).toThrow(expect.objectContaining({ code: 'DETERMINISTIC_CONTEXT_ORDER' }));
    } finally {
      if (inner.active) inner.exit();
      outer.exit();
      expect(Date.now).toBe(realNow);
    }
  });

  it('refuses double entry and exit without entry', async () => {
    const context = new DeterministicExecutionContext();
    expect(await codeOf(() => context.exit())).toBe('DETERMINISTIC_CONTEXT_NOT_ACTIVE');
    context.enter();
    try {
      expect(await codeOf(() => context.enter())).toBe('DETERMINISTIC_CONTEXT_ACTIVE');
    } finally {
      context.exit();
    }
  });

  it('mocked methods return recorded outputs in order, as promises for async methods, then REPLAY_EXHAUSTED', async () => {
    const llm = {
      async invoke(prompt: string) {
        return `live answer to ${prompt}`;
      },
    };
    const calculator = {
      add(a: number, b: number) {
        return a + b;
      },
    };
    const spans = [
      recorded('llm.invoke', { text: 'first', at: new Date(0) }, { startTimeNs: 10n }),
      recorded('tool.add', 3, { startTimeNs: 20n }),
      recorded('llm.invoke', { text: 'second', at: new Date(1) }, { startTimeNs: 30n }),
    ];
    const context = new DeterministicExecutionContext({
      spans,
      mocks: [
        { target: llm, method: 'invoke', spans: /^llm\./, label: 'llm.invoke' },
        { target: calculator, method: 'add', spans: (span) => span.name === 'tool.add' },
      ],
    });
    expect(context.recordingCounts()).toEqual({ 'llm.invoke': 2, 'add (predicate)': 1 });
    await context.run(async () => {
      const pending = llm.invoke('a');
      expect(pending).toBeInstanceOf(Promise);
      expect(await pending).toEqual({ text: 'first', at: new Date(0) });
      expect(calculator.add(100, 100)).toBe(3);
      expect(await llm.invoke('b')).toEqual({ text: 'second', at: new Date(1) });
      const exhausted = llm.invoke('c');
      await expect(exhausted).rejects.toMatchObject({
        code: 'REPLAY_EXHAUSTED',
        message: expect.stringContaining("'llm.invoke' was called 3 times, but the trace recorded only 2 outputs"),
      });
      expect(() => calculator.add(1, 1)).toThrow(expect.objectContaining({ code: 'REPLAY_EXHAUSTED' }));
    });
    expect(context.calls.map((call) => [call.label, call.spanName, call.args])).toEqual([
      ['llm.invoke', 'llm.invoke', ['a']],
      ['add (predicate)', 'tool.add', [100, 100]],
      ['llm.invoke', 'llm.invoke', ['b']],
      ['llm.invoke', undefined, ['c']],
      ['add (predicate)', undefined, [1, 1]],
    ]);
    expect(await llm.invoke('d')).toBe('live answer to d');
    expect(Object.prototype.hasOwnProperty.call(llm, 'invoke')).toBe(true);
    expect(calculator.add(1, 1)).toBe(2);
  });

  it('replays recorded failures and reports outputs that were not kept', async () => {
    const tool = {
      run(_input: string): string {
        return 'live';
      },
    };
    const spans = [
      recorded('tool.run', undefined, {
        status: SpanStatusCode.ERROR,
        errorMessage: 'rate limited',
        output: undefined,
        startTimeNs: 1n,
      }),
      recorded('tool.run', undefined, {
        output: {
          captured: false,
          reason: 'Snapshot size (2000000 bytes) exceeds limit of 1048576 bytes.',
          type: 'string',
        },
        startTimeNs: 2n,
      }),
    ];
    const context = new DeterministicExecutionContext({
      spans,
      mocks: [{ target: tool, method: 'run', spans: 'tool.run', whenExhausted: 'passthrough' }],
    });
    context.run(() => {
      expect(() => tool.run('x')).toThrow(
        expect.objectContaining({ code: 'REPLAY_RECORDED_ERROR', message: 'rate limited' }),
      );
      expect(() => tool.run('y')).toThrow(expect.objectContaining({ code: 'REPLAY_OUTPUT_UNAVAILABLE' }));
      expect(tool.run('z')).toBe('live');
    });
    expect(context.calls.map((call) => call.source)).toEqual(['recorded', 'recorded', 'passthrough']);
  });

  it('rejects targets without the method and malformed options', async () => {
    expect(
      await codeOf(() => new DeterministicExecutionContext({ mocks: [{ target: {}, method: 'invoke', outputs: [] }] })),
    ).toBe('REPLAY_TARGET_INVALID');
    expect(await codeOf(() => new DeterministicExecutionContext({ startTimeMs: Number.NaN }))).toBe(
      'REPLAY_INVALID_OPTIONS',
    );
    const frozen = Object.freeze({ invoke: () => 1 });
    const context = new DeterministicExecutionContext({ mocks: [{ target: frozen, method: 'invoke', outputs: [2] }] });
    const realRandom = Math.random;
    expect(await codeOf(() => context.enter())).toBe('REPLAY_TARGET_INVALID');
    expect(Math.random).toBe(realRandom);
    expect(context.active).toBe(false);
  });
});
