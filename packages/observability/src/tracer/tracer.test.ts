import { SpanKind, SpanStatusCode, isValidSpanId, isValidTraceId } from '@clearstone/core';
import type { SpanRecord } from '@clearstone/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { getActiveSpan, withActiveSpan } from '../context';
import { TracerProvider } from '../provider';
import { useTempDir } from '../../test/support/temp-dir';

const tempPath = useTempDir();

async function recorded(provider: TracerProvider, traceId: string): Promise<SpanRecord[]> {
  await provider.forceFlush();
  return provider.traceStore.getTrace(traceId)?.spans ?? [];
}

describe('Tracer', () => {
  let provider: TracerProvider;
  beforeEach(() => {
    provider = new TracerProvider({ dbPath: tempPath('traces.db') });
  });
  afterEach(async () => {
    await provider.shutdown();
    provider.traceStore.close();
  });

  it('links a three-level hierarchy and returns the function value', async () => {
    const tracer = provider.getTracer('agent', '1.0.0');
    const result = tracer.span('parent', (parent) =>
      tracer.span('child', (child) =>
        tracer.span('grandchild', (grandchild) => ({
          ids: [parent.spanId, child.spanId, grandchild.spanId],
          traceId: parent.traceId,
        })),
      ),
    );
    const spans = await recorded(provider, result.traceId);
    expect(spans.map((span) => span.name)).toEqual(['parent', 'child', 'grandchild']);
    const [parent, child, grandchild] = spans;
    expect(parent.parentSpanId).toBeUndefined();
    expect(child.parentSpanId).toBe(parent.spanId);
    expect(grandchild.parentSpanId).toBe(child.spanId);
    expect(spans.map((span) => span.spanId)).toEqual(result.ids);
    expect(isValidTraceId(result.traceId)).toBe(true);
    expect(spans.every((span) => isValidSpanId(span.spanId) && span.status === SpanStatusCode.OK)).toBe(true);
    expect(spans.every((span) => span.instrumentationName === 'agent' && span.instrumentationVersion === '1.0.0')).toBe(
      true,
    );
  });

  it('keeps parents across await and timers, and ends async spans when their promise settles', async () => {
    const tracer = provider.getTracer('agent');
    const traceId = await tracer.span('root', async (root) => {
      await sleep(2);
      await new Promise<void>((resolve) => setTimeout(() => tracer.span('in-timer', () => resolve()), 1));
      await tracer.span('after-await', async () => sleep(2));
      return root.traceId;
    });
    const spans = await recorded(provider, traceId);
    const root = spans.find((span) => span.name === 'root')!;
    expect(spans.filter((span) => span.name !== 'root').every((span) => span.parentSpanId === root.spanId)).toBe(true);
    const afterAwait = spans.find((span) => span.name === 'after-await')!;
    expect(afterAwait.durationNs! >= 1_000_000n).toBe(true);
    expect(root.endTimeNs! >= afterAwait.endTimeNs!).toBe(true);
  });

  it('builds 50 correct subtrees from 50 concurrent branches', async () => {
    const tracer = provider.getTracer('agent');
    const traceId = await tracer.span('root', async (root) => {
      await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          tracer.span(`branch-${index}`, async () => {
            await sleep(index % 5);
            await tracer.span(`branch-${index}.child`, async () => {
              await sleep((index * 7) % 3);
              tracer.span(`branch-${index}.grandchild`, () => undefined);
            });
          }),
        ),
      );
      return root.traceId;
    });
    const spans = await recorded(provider, traceId);
    expect(spans).toHaveLength(151);
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const root = spans.find((span) => span.name === 'root')!;
    for (let index = 0; index < 50; index++) {
      const branch = spans.find((span) => span.name === `branch-${index}`)!;
      const child = spans.find((span) => span.name === `branch-${index}.child`)!;
      const grandchild = spans.find((span) => span.name === `branch-${index}.grandchild`)!;
      expect(branch.parentSpanId).toBe(root.spanId);
      expect(byId.get(child.parentSpanId!)).toBe(branch);
      expect(byId.get(grandchild.parentSpanId!)).toBe(child);
    }
  });

  it('starts a new trace for every root span, also on the same tracer', async () => {
    const tracer = provider.getTracer('agent');
    const first = tracer.span('run', (span) => span.traceId);
    const second = tracer.span('run', (span) => span.traceId);
    const concurrent = await Promise.all([
      tracer.span('run', async (span) => span.traceId),
      tracer.span('run', async (span) => span.traceId),
    ]);
    expect(new Set([first, second, ...concurrent]).size).toBe(4);
    await provider.forceFlush();
    expect(provider.traceStore.listTraces()).toHaveLength(4);
  });

  it('nests spans of different tracers and providers in one trace', async () => {
    const other = new TracerProvider({ dbPath: tempPath('other.db') });
    const outer = provider.getTracer('agent');
    const inner = provider.getTracer('tools', '2.0.0');
    const foreign = other.getTracer('library');
    const ids = outer.span('agent.run', (root) =>
      inner.span('tool.call', (tool) => foreign.span('library.op', (op) => ({ root, tool, op }))),
    );
    expect(ids.tool.traceId).toBe(ids.root.traceId);
    expect(ids.op.traceId).toBe(ids.root.traceId);
    expect(ids.tool.parentSpanId).toBe(ids.root.spanId);
    expect(ids.op.parentSpanId).toBe(ids.tool.spanId);
    const spans = await recorded(provider, ids.root.traceId);
    expect(spans.find((span) => span.name === 'tool.call')!.instrumentationName).toBe('tools');
    await other.shutdown();
    expect(other.traceStore.getSpan(ids.op.spanId)?.parentSpanId).toBe(ids.tool.spanId);
    other.traceStore.close();
  });

  it('marks a throwing function ERROR with message, stack and exception event, and rethrows', async () => {
    const tracer = provider.getTracer('agent');
    let traceId = '';
    expect(() =>
      tracer.span('sync-fail', (span) => {
        traceId = span.traceId;
        throw new RangeError('out of range');
      }),
    ).toThrow('out of range');
    const [span] = await recorded(provider, traceId);
    expect(span.status).toBe(SpanStatusCode.ERROR);
    expect(span.errorMessage).toBe('out of range');
    expect(span.errorStack).toContain('RangeError: out of range');
    expect(span.errorStack).toContain('tracer.test.ts');
    expect(span.events).toEqual([
      {
        name: 'exception',
        timeNs: expect.any(BigInt),
        attributes: {
          'exception.type': 'RangeError',
          'exception.message': 'out of range',
          'exception.stacktrace': span.errorStack,
        },
      },
    ]);
  });

  it('marks a rejecting function ERROR and rejects with the same error', async () => {
    const tracer = provider.getTracer('agent');
    const error = new Error('model timeout');
    let traceId = '';
    await expect(
      tracer.span('async-fail', async (span) => {
        traceId = span.traceId;
        await sleep(1);
        throw error;
      }),
    ).rejects.toBe(error);
    const [span] = await recorded(provider, traceId);
    expect(span.status).toBe(SpanStatusCode.ERROR);
    expect(span.errorMessage).toBe('model timeout');
    expect(span.errorStack).toContain('Error: model timeout');
  });

  it('keeps a status the user set instead of marking the span OK', async () => {
    const tracer = provider.getTracer('agent');
    const traceId = tracer.span('root', (root) => {
      tracer.span('flagged', (span) => span.setStatus(SpanStatusCode.ERROR, 'policy blocked the tool'));
      tracer.span('unset', (span) => span.setStatus(SpanStatusCode.UNSET));
      return root.traceId;
    });
    const spans = await recorded(provider, traceId);
    const flagged = spans.find((span) => span.name === 'flagged')!;
    expect(flagged.status).toBe(SpanStatusCode.ERROR);
    expect(flagged.errorMessage).toBe('policy blocked the tool');
    expect(spans.find((span) => span.name === 'unset')!.status).toBe(SpanStatusCode.UNSET);
    expect(spans.find((span) => span.name === 'root')!.status).toBe(SpanStatusCode.OK);
  });

  it('ends a manual span with using, without making it active', async () => {
    const tracer = provider.getTracer('agent');
    let traceId: string;
    {
      using span = tracer.startSpan('manual', {
        kind: SpanKind.CLIENT,
        attributes: { 'gen_ai.request.model': 'gpt-4o' },
      });
      traceId = span.traceId;
      expect(getActiveSpan()).toBeUndefined();
      const sibling = tracer.startSpan('not-a-child');
      expect(sibling.traceId).not.toBe(span.traceId);
      sibling.end();
    }
    const [span] = await recorded(provider, traceId);
    expect(span.endTimeNs).toBeDefined();
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status).toBe(SpanStatusCode.UNSET);
  });

  it('parents spans explicitly with the parent option and withActiveSpan', async () => {
    const tracer = provider.getTracer('langchain');
    const chain = tracer.startSpan('chain');
    const llm = tracer.startSpan('llm', { parent: chain });
    const remote = tracer.startSpan('handler', {
      parent: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), isRemote: true },
    });
    const inside = withActiveSpan(llm, () => {
      expect(getActiveSpan()).toBe(llm);
      return tracer.span('tool', (span) => span);
    });
    const detached = withActiveSpan(llm, () => tracer.startSpan('detached', { parent: null }));
    for (const span of [detached, remote, llm, chain]) span.end();
    expect(llm.parentSpanId).toBe(chain.spanId);
    expect(inside.parentSpanId).toBe(llm.spanId);
    expect(inside.traceId).toBe(chain.traceId);
    expect(detached.parentSpanId).toBeUndefined();
    expect(detached.traceId).not.toBe(chain.traceId);
    expect(remote.traceId).toBe('a'.repeat(32));
    await provider.forceFlush();
    expect(
      provider.traceStore
        .listTraces()
        .map((summary) => summary.rootSpanId)
        .sort(),
    ).toEqual([chain.spanId, detached.spanId, remote.spanId].sort());
  });

  it('caches tracers per name and version', () => {
    expect(provider.getTracer('a')).toBe(provider.getTracer('a'));
    expect(provider.getTracer('a', '1')).toBe(provider.getTracer('a', '1'));
    expect(provider.getTracer('a', '1')).not.toBe(provider.getTracer('a', '2'));
    expect(provider.getTracer('a')).not.toBe(provider.getTracer('b'));
  });

  it('ignores changes after end and drops values that are not attribute values', async () => {
    const tracer = provider.getTracer('agent');
    const warn = jest.spyOn(process, 'emitWarning');
    const span = tracer.startSpan('step');
    span.setAttributes({ ok: 'yes', list: ['a', 'b'] });
    span.setAttribute('bad', { nested: true } as never);
    span.setAttribute('mixed', ['a', 1] as never);
    span.end();
    span.setAttribute('late', 1).addEvent('late').setStatus(SpanStatusCode.ERROR, 'late');
    span.end();
    await provider.forceFlush();
    const warnings = warn.mock.calls.map(([warning]) => String(warning));
    warn.mockRestore();
    const stored = provider.traceStore.getSpan(span.spanId)!;
    expect(stored.attributes).toEqual({ ok: 'yes', list: ['a', 'b'] });
    expect(stored.events).toEqual([]);
    expect(stored.status).toBe(SpanStatusCode.UNSET);
    expect(provider.stats.written).toBe(1);
    expect(warnings.some((message) => message.includes('"bad" was dropped'))).toBe(true);
  });
});
