import { SpanKind, SpanStatusCode } from '@clearstone/core';
import type { SpanRecord } from '@clearstone/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  ROOT_CONTEXT,
  SpanKind as OtelSpanKind,
  SpanStatusCode as OtelSpanStatusCode,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';
import { setTimeout as sleep } from 'node:timers/promises';
import { ClearstoneContextManager, getActiveSpan, withActiveSpan } from '../context';
import { TracerProvider } from '../provider';
import { useTempDir } from '../../test/support/temp-dir';
import { registerGlobal } from './register-global';
import type { GlobalRegistration } from './register-global';

const tempPath = useTempDir();

describe('OpenTelemetry API interop', () => {
  let provider: TracerProvider;
  let registration: GlobalRegistration | undefined;
  beforeEach(() => {
    provider = new TracerProvider({ dbPath: tempPath('traces.db') });
  });
  afterEach(async () => {
    registration?.unregister();
    registration = undefined;
    await provider.shutdown();
    provider.traceStore.close();
  });

  async function spansOf(traceId: string): Promise<Map<string, SpanRecord>> {
    await provider.forceFlush();
    const spans = provider.traceStore.getTrace(traceId)?.spans ?? [];
    return new Map(spans.map((span) => [span.name, span]));
  }

  it('registers the provider, its context manager and the W3C propagator as OpenTelemetry globals', () => {
    registration = registerGlobal(provider);
    expect(registration).toMatchObject({ tracerProvider: true, contextManager: true, propagator: true });
    expect(propagation.fields()).toEqual(['traceparent', 'tracestate']);
    const tracer = trace.getTracer('plain-otel', '2.0.0');
    const span = tracer.startSpan('op');
    expect(span.isRecording()).toBe(true);
    span.end();
    expect(span.isRecording()).toBe(false);
  });

  it('records spans of plain OpenTelemetry code under a Clearstone span, with correct parents', async () => {
    registration = registerGlobal(provider);
    const clearstone = provider.getTracer('agent', '1.0.0');
    const otel = trace.getTracer('retrieval-lib', '3.1.0');
    const traceId = await clearstone.span('agent.run', async (root) => {
      await otel.startActiveSpan(
        'vector.search',
        { kind: OtelSpanKind.CLIENT, attributes: { 'db.system': 'qdrant' } },
        async (span) => {
          await sleep(1);
          otel.startActiveSpan('embed', (inner) => inner.end());
          span.setStatus({ code: OtelSpanStatusCode.ERROR, message: 'index missing' });
          span.end();
        },
      );
      return root.traceId;
    });
    const spans = await spansOf(traceId);
    const [root, search, embed] = ['agent.run', 'vector.search', 'embed'].map((name) => spans.get(name)!);
    expect(search).toMatchObject({
      parentSpanId: root.spanId,
      kind: SpanKind.CLIENT,
      status: SpanStatusCode.ERROR,
      errorMessage: 'index missing',
      instrumentationName: 'retrieval-lib',
      instrumentationVersion: '3.1.0',
    });
    expect(search.attributes).toEqual({ 'db.system': 'qdrant' });
    expect(embed.parentSpanId).toBe(search.spanId);
  });

  it('nests Clearstone spans under an OpenTelemetry span, and OpenTelemetry spans under those', async () => {
    registration = registerGlobal(provider);
    const clearstone = provider.getTracer('agent');
    const otel = trace.getTracer('http-server');
    const traceId = await otel.startActiveSpan('POST /chat', { kind: OtelSpanKind.SERVER }, async (request) => {
      await clearstone.span('agent.run', async () => {
        expect(trace.getActiveSpan()?.spanContext().spanId).toBe(getActiveSpan()!.spanId);
        await sleep(1);
        const child = otel.startSpan('db.query');
        child.end();
      });
      request.end();
      return request.spanContext().traceId;
    });
    const spans = await spansOf(traceId);
    expect(spans.get('POST /chat')).toMatchObject({ kind: SpanKind.SERVER });
    expect(spans.get('POST /chat')!.parentSpanId).toBeUndefined();
    expect(spans.get('agent.run')!.parentSpanId).toBe(spans.get('POST /chat')!.spanId);
    expect(spans.get('db.query')!.parentSpanId).toBe(spans.get('agent.run')!.spanId);
  });

  it('keeps other context values (baggage) when a Clearstone span starts inside context.with', async () => {
    registration = registerGlobal(provider);
    const tracer = provider.getTracer('agent');
    const baggage = propagation.createBaggage({ tenant: { value: 'acme' } });
    const seen = await context.with(propagation.setBaggage(context.active(), baggage), () =>
      tracer.span('step', async () => {
        await sleep(1);
        return propagation.getBaggage(context.active())?.getEntry('tenant')?.value;
      }),
    );
    expect(seen).toBe('acme');
  });

  it('honours an explicit context, root: true, OpenTelemetry times, events and links', async () => {
    registration = registerGlobal(provider);
    const otel = trace.getTracer('lib');
    const parent = otel.startSpan('parent');
    const linked = otel.startSpan('linked', { root: true });
    linked.end();
    const child = otel.startSpan(
      'child',
      { startTime: [1_700_000_000, 5], links: [{ context: linked.spanContext(), attributes: { why: 'retry' } }] },
      trace.setSpan(context.active(), parent),
    );
    child.addEvent('started', [1_700_000_000, 500]);
    child.addEvent('progress', { percent: 50 }, new Date(1_700_000_000_001));
    child.recordException(new TypeError('bad input'));
    child.end([1_700_000_001, 0]);
    parent.end();
    const spans = await spansOf(parent.spanContext().traceId);
    const stored = spans.get('child')!;
    expect(stored.parentSpanId).toBe(parent.spanContext().spanId);
    expect(stored.startTimeNs).toBe(1_700_000_000_000_000_005n);
    expect(stored.endTimeNs).toBe(1_700_000_001_000_000_000n);
    expect(stored.events.map((event) => [event.name, event.timeNs])).toEqual([
      ['started', 1_700_000_000_000_000_500n],
      ['progress', 1_700_000_000_001_000_000n],
      ['exception', expect.any(BigInt)],
    ]);
    expect(stored.events[1].attributes).toEqual({ percent: 50 });
    expect(stored.events[2].attributes).toMatchObject({
      'exception.type': 'TypeError',
      'exception.message': 'bad input',
    });
    expect(stored.links).toEqual([
      { traceId: linked.spanContext().traceId, spanId: linked.spanContext().spanId, attributes: { why: 'retry' } },
    ]);
    expect(linked.spanContext().traceId).not.toBe(parent.spanContext().traceId);
  });

  it('keeps the Clearstone forms of the colliding methods working', async () => {
    const tracer = provider.getTracer('agent');
    const traceId = tracer.span('step', (span) => {
      span
        .setStatus(SpanStatusCode.ERROR, 'policy blocked')
        .addEvent('checked', { rule: 'r1' }, 1_000n)
        .setOutput({ ok: false });
      span.setStatus(99 as never);
      return span.traceId;
    });
    const stored = (await spansOf(traceId)).get('step')!;
    expect(stored).toMatchObject({ status: SpanStatusCode.ERROR, errorMessage: 'policy blocked' });
    expect(stored.events).toEqual([{ name: 'checked', timeNs: 1_000n, attributes: { rule: 'r1' } }]);
  });

  it('finds the parent through another context manager when that one is registered instead', async () => {
    const otherManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(otherManager);
    registration = registerGlobal(provider, { propagator: false });
    expect(registration.contextManager).toBe(false);
    const otel = trace.getTracer('lib');
    const clearstone = provider.getTracer('agent');
    const outer = otel.startSpan('outer');
    const traceId = await context.with(trace.setSpan(context.active(), outer), () =>
      clearstone.span('inner', async (span) => {
        await sleep(1);
        return span.traceId;
      }),
    );
    outer.end();
    context.disable();
    expect(traceId).toBe(outer.spanContext().traceId);
    expect((await spansOf(traceId)).get('inner')!.parentSpanId).toBe(outer.spanContext().spanId);
  });

  it('serves the active Clearstone span as the OpenTelemetry context and binds callbacks to a context', () => {
    const manager = new ClearstoneContextManager();
    const tracer = provider.getTracer('agent');
    expect(manager.active()).toBe(ROOT_CONTEXT);
    const { outerId, later } = tracer.span('outer', (span) => {
      expect(trace.getSpan(manager.active())).toBe(span);
      return { outerId: span.spanId, later: manager.bind(manager.active(), () => tracer.startSpan('later')) };
    });
    const span = later();
    span.end();
    expect(span.parentSpanId).toBe(outerId);
    const remote = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', isRemote: true };
    expect(withActiveSpan(remote, () => trace.getSpanContext(manager.active()))).toMatchObject(remote);
  });
});
