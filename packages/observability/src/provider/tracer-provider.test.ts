import { SpanStatusCode } from '@clearstone/core';
import type { SpanRecord } from '@clearstone/core';
import { useTempDir } from '../../test/support/temp-dir';
import type { SpanExporter } from '../export';
import { TracerProvider } from './tracer-provider';

const tempPath = useTempDir();

/** Records the messages of process warnings emitted from now on (the warnings are still emitted). */
function captureWarnings(): { messages: string[]; stop(): void } {
  const spy = jest.spyOn(process, 'emitWarning');
  return {
    get messages() {
      return spy.mock.calls.map(([warning]) => String(warning));
    },
    stop: () => spy.mockRestore(),
  };
}

describe('TracerProvider', () => {
  it('persists 10k queued spans on shutdown', async () => {
    const provider = new TracerProvider({ dbPath: tempPath('traces.db'), flushIntervalMs: 60_000 });
    const tracer = provider.getTracer('bulk');
    const traceId = tracer.span('root', (root) => {
      for (let index = 1; index < 10_000; index++) tracer.span('step', (span) => span.setAttribute('index', index));
      return root.traceId;
    });
    expect(provider.stats).toEqual({ queued: 10_000, written: 0, dropped: 0, exportFailed: 0 });
    await provider.shutdown();
    expect(provider.stats).toEqual({ queued: 0, written: 10_000, dropped: 0, exportFailed: 0 });
    const trace = provider.traceStore.getTrace(traceId)!;
    expect(trace.spans).toHaveLength(10_000);
    expect(new Set(trace.spans.map((span) => span.attributes.index)).size).toBe(10_000);
    provider.traceStore.close();
  });

  it('writes in the background once a batch is queued, without any flush call', async () => {
    const provider = new TracerProvider({ dbPath: tempPath('traces.db'), batchSize: 10, flushIntervalMs: 60_000 });
    const tracer = provider.getTracer('background');
    for (let index = 0; index < 10; index++) tracer.span('step', () => undefined);
    expect(provider.stats.written).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(provider.stats).toEqual({ queued: 0, written: 10, dropped: 0, exportFailed: 0 });
    expect(provider.traceStore.listTraces()).toHaveLength(10);
    await provider.shutdown();
    provider.traceStore.close();
  });

  it('writes a partial batch after flushIntervalMs', async () => {
    const provider = new TracerProvider({ dbPath: tempPath('traces.db'), batchSize: 100, flushIntervalMs: 20 });
    provider.getTracer('trickle').span('one', () => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(provider.stats.written).toBe(0);
    const deadline = Date.now() + 5000;
    while (provider.stats.written === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(provider.stats.written).toBe(1);
    await provider.shutdown();
    provider.traceStore.close();
  });

  it('counts spans dropped when the queue is full, and warns once', async () => {
    const warnings = captureWarnings();
    const provider = new TracerProvider({ dbPath: tempPath('traces.db'), maxQueueSize: 100, batchSize: 50 });
    const tracer = provider.getTracer('flood');
    for (let index = 0; index < 250; index++) tracer.startSpan('span').end();
    expect(provider.stats).toEqual({ queued: 100, written: 0, dropped: 150, exportFailed: 0 });
    await provider.shutdown();
    const dropWarnings = warnings.messages.filter((message) => message.includes('dropped'));
    warnings.stop();
    expect(provider.stats).toEqual({ queued: 0, written: 100, dropped: 150, exportFailed: 0 });
    expect(provider.traceStore.querySpans({})).toHaveLength(100);
    expect(dropWarnings).toHaveLength(1);
    expect(dropWarnings[0]).toContain('maxQueueSize 100');
    provider.traceStore.close();
  });

  it('counts spans ended after shutdown as dropped instead of losing them silently', async () => {
    const provider = new TracerProvider({ dbPath: tempPath('traces.db') });
    const tracer = provider.getTracer('late');
    const open = tracer.startSpan('open');
    await provider.shutdown();
    open.end();
    expect(provider.stats).toEqual({ queued: 0, written: 0, dropped: 1, exportFailed: 0 });
    provider.traceStore.close();
  });

  it('hands written batches to exporters, also without SQLite', async () => {
    const exported: SpanRecord[] = [];
    let shutdowns = 0;
    const exporter: SpanExporter = {
      export: async (spans) => void exported.push(...spans),
      shutdown: async () => void shutdowns++,
    };
    const provider = new TracerProvider({ dbPath: null, exporters: [exporter] });
    const tracer = provider.getTracer('otlp');
    await tracer.span('root', async () => tracer.span('child', (span) => span.setStatus(SpanStatusCode.ERROR, 'bad')));
    await provider.shutdown();
    expect(exported.map((span) => span.name)).toEqual(['child', 'root']);
    expect(exported[0]).toMatchObject({
      status: SpanStatusCode.ERROR,
      errorMessage: 'bad',
      parentSpanId: exported[1].spanId,
    });
    expect(shutdowns).toBe(1);
    expect(() => provider.traceStore).toThrow(expect.objectContaining({ code: 'NO_TRACE_STORE' }));
  });

  it('rejects invalid options with InvalidArgumentError', () => {
    expect(() => new TracerProvider({ dbPath: tempPath('a.db'), batchSize: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'batchSize' }),
    );
    expect(() => new TracerProvider({ dbPath: tempPath('a.db'), maxQueueSize: 1.5 })).toThrow(
      expect.objectContaining({ argument: 'maxQueueSize' }),
    );
    expect(() => new TracerProvider({ dbPath: '' })).toThrow(expect.objectContaining({ argument: 'dbPath' }));
    expect(() => new TracerProvider({ dbPath: null, exporters: [{} as SpanExporter] })).toThrow(
      expect.objectContaining({ argument: 'exporters' }),
    );
  });
});
