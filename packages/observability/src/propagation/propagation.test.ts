import { SpanKind } from '@clearstone/core';
import { context, propagation, trace } from '@opentelemetry/api';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerGlobal } from '../otel';
import { TracerProvider } from '../provider';
import { useTempDir } from '../../test/support/temp-dir';
import { extract, inject, withRemoteParent } from './inject-extract';
import { TraceContextPropagator } from './trace-context-propagator';
import { formatTraceparent, parseTraceparent } from './traceparent';

const tempPath = useTempDir();
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

describe('traceparent', () => {
  it('parses a valid header into a remote span context and formats it back', () => {
    const parsed = parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-01`, 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
    expect(parsed).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1, isRemote: true });
    expect(parsed!.traceState!.get('congo')).toBe('t61rcWkgMzE');
    expect(formatTraceparent(parsed!)).toBe(`00-${TRACE_ID}-${SPAN_ID}-01`);
    expect(formatTraceparent({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0 })).toBe(
      `00-${TRACE_ID}-${SPAN_ID}-00`,
    );
  });

  it.each([
    ['version ff', `ff-${TRACE_ID}-${SPAN_ID}-01`],
    ['zero trace id', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
    ['zero span id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['extra field on version 00', `00-${TRACE_ID}-${SPAN_ID}-01-extra`],
    ['uppercase hex', `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`],
    ['short trace id', `00-${TRACE_ID.slice(1)}-${SPAN_ID}-01`],
    ['garbage', 'hello'],
  ])('rejects a malformed header (%s)', (_label, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });

  it('accepts extra fields from a future version', () => {
    expect(parseTraceparent(`01-${TRACE_ID}-${SPAN_ID}-01-future`)).toMatchObject({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
    });
  });
});

describe('inject / extract', () => {
  let provider: TracerProvider;
  beforeEach(() => {
    provider = new TracerProvider({ dbPath: tempPath('traces.db') });
  });
  afterEach(async () => {
    await provider.shutdown();
    provider.traceStore.close();
  });

  it('injects the active span and leaves the carrier alone when there is none', () => {
    const tracer = provider.getTracer('agent');
    expect(inject({ accept: 'json' })).toEqual({ accept: 'json' });
    const { headers, spanId, traceId } = tracer.span('call', (span) => ({
      headers: inject({}),
      spanId: span.spanId,
      traceId: span.traceId,
    }));
    expect(headers).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });
    expect(extract(headers)).toMatchObject({ traceId, spanId, isRemote: true });
  });

  it('reads keys in any case, repeated headers and Headers objects, and carries tracestate on', () => {
    const parent = extract({ TRACEPARENT: `00-${TRACE_ID}-${SPAN_ID}-01`, TRACESTATE: 'vendor=1' })!;
    expect(parent.traceState?.serialize()).toBe('vendor=1');
    const child = provider.getTracer('agent').startSpan('child', { parent });
    expect(inject({}, child)).toEqual({ traceparent: `00-${TRACE_ID}-${child.spanId}-01`, tracestate: 'vendor=1' });
    child.end();
    expect(extract(new Headers({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-00` }))).toMatchObject({ traceFlags: 0 });
    expect(extract({ traceparent: [`00-${TRACE_ID}-${SPAN_ID}-01`] })).toMatchObject({ traceId: TRACE_ID });
    expect(extract({})).toBeUndefined();
    expect(extract(undefined)).toBeUndefined();
    expect(() => inject(null as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('continues a trace in an HTTP service through the traceparent header', async () => {
    const tracer = provider.getTracer('service');
    const server = createServer((request, response) => {
      withRemoteParent(request.headers, () =>
        tracer.span('handle', { kind: SpanKind.SERVER }, () => {
          tracer.span('lookup', () => undefined);
          response.end('done');
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = provider.getTracer('client');
    const traceId = await client.span('request', { kind: SpanKind.CLIENT }, async (span) => {
      const response = await fetch(`http://127.0.0.1:${port}/`, { headers: inject({}) });
      expect(await response.text()).toBe('done');
      return span.traceId;
    });
    server.close();
    await provider.forceFlush();
    const spans = provider.traceStore.getTrace(traceId)!.spans;
    const byName = new Map(spans.map((span) => [span.name, span]));
    expect(spans).toHaveLength(3);
    expect(byName.get('handle')!.parentSpanId).toBe(byName.get('request')!.spanId);
    expect(byName.get('lookup')!.parentSpanId).toBe(byName.get('handle')!.spanId);
  });

  it('propagates through the OpenTelemetry propagation API once registered', () => {
    const registration = registerGlobal(provider);
    try {
      const tracer = provider.getTracer('agent');
      const carrier: Record<string, string> = {};
      const spanContext = tracer.span('outgoing', (span) => {
        propagation.inject(context.active(), carrier);
        return span.spanContext();
      });
      expect(carrier.traceparent).toBe(`00-${spanContext.traceId}-${spanContext.spanId}-01`);
      const extracted = trace.getSpanContext(propagation.extract(context.active(), { ...carrier, tracestate: 'a=1' }));
      expect(extracted).toMatchObject({ traceId: spanContext.traceId, spanId: spanContext.spanId, isRemote: true });
      expect(extracted!.traceState!.get('a')).toBe('1');
      expect(
        new TraceContextPropagator().extract(
          context.active(),
          { traceparent: 'bad' },
          { get: (c, k) => (c as Record<string, string>)[k], keys: Object.keys },
        ),
      ).toBe(context.active());
    } finally {
      registration.unregister();
    }
  });
});
