import { OtlpHttpExporter } from '../export';
import type { SpanExporter } from '../export';
import { TraceStore } from '../storage';
import { receivedSpans, startReceiver } from '../../test/support/otlp-receiver';
import type { Receiver } from '../../test/support/otlp-receiver';
import { useTempDir } from '../../test/support/temp-dir';
import { TracerProvider } from './tracer-provider';

const tempPath = useTempDir();

/** Ends `traces` traces of `perTrace` spans each (a root and its children), synchronously. */
function endTraces(provider: TracerProvider, traces: number, perTrace: number): void {
  const tracer = provider.getTracer('receipts');
  for (let trace = 0; trace < traces; trace++) {
    tracer.span('run', () => {
      for (let child = 1; child < perTrace; child++) tracer.span('step', { attributes: { child } }, () => undefined);
    });
  }
}

describe('the flush receipt', () => {
  let receiver: Receiver | undefined;
  // The losses below are expected, and warned about: keep the warnings out of the test output.
  beforeEach(() => jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined));
  afterEach(async () => {
    jest.restoreAllMocks();
    await receiver?.close();
    receiver = undefined;
  });

  it('counts the spans committed to the SQLite file, and they are all in it', async () => {
    const path = tempPath('traces.db');
    const provider = new TracerProvider({ dbPath: path, batchSize: 7 });
    endTraces(provider, 12, 10);
    await expect(provider.forceFlush()).resolves.toEqual({
      persisted: 120,
      exported: 0,
      dropped: 0,
      failed: 0,
      queued: 0,
    });
    endTraces(provider, 3, 10);
    // Totals since the provider was created.
    await expect(provider.shutdown()).resolves.toEqual({
      persisted: 150,
      exported: 0,
      dropped: 0,
      failed: 0,
      queued: 0,
    });
    provider.traceStore.close();
    const reader = new TraceStore(path, { readonly: true });
    expect(reader.countTraces()).toBe(15);
    expect(reader.querySpans({ limit: 1000 })).toHaveLength(150);
    reader.close();
  });

  it('counts what a real OTLP/HTTP receiver on 127.0.0.1 accepted, next to what SQLite has', async () => {
    receiver = await startReceiver();
    const exporter = new OtlpHttpExporter({ url: receiver.url, encoding: 'json', maxBatchSize: 16 });
    const provider = new TracerProvider({ dbPath: tempPath('traces.db'), exporters: [exporter] });
    endTraces(provider, 5, 9);
    const receipt = await provider.shutdown();
    expect(receivedSpans(receiver)).toHaveLength(45);
    expect(receipt).toEqual({ persisted: 45, exported: 45, dropped: 0, failed: 0, queued: 0 });
    provider.traceStore.close();
  });

  it('counts the spans an OTLP receiver refused as failed, not exported', async () => {
    receiver = await startReceiver((attempt) =>
      attempt === 0 ? { status: 400, body: 'bad payload' } : { status: 200 },
    );
    const exporter = new OtlpHttpExporter({ url: receiver.url, encoding: 'json', maxBatchSize: 10 });
    const provider = new TracerProvider({ dbPath: null, exporters: [exporter] });
    endTraces(provider, 3, 10);
    const receipt = await provider.shutdown();
    expect(receivedSpans(receiver)).toHaveLength(20);
    expect(receipt).toEqual({ persisted: 0, exported: 20, dropped: 0, failed: 10, queued: 0 });
  });

  it('counts every span a failing exporter did not take, once per exporter, while SQLite still has them', async () => {
    const failing: SpanExporter = {
      export: async () => Promise.reject(new Error('collector down')),
      shutdown: async () => undefined,
    };
    const seen: number[] = [];
    const working: SpanExporter = { export: async (spans) => void seen.push(spans.length), shutdown: async () => {} };
    const provider = new TracerProvider({
      dbPath: tempPath('traces.db'),
      batchSize: 10,
      exporters: [failing, working],
    });
    endTraces(provider, 4, 10);
    const receipt = await provider.shutdown();
    expect(receipt).toEqual({ persisted: 40, exported: 40, dropped: 0, failed: 40, queued: 0 });
    expect(seen.reduce((total, count) => total + count, 0)).toBe(40);
    expect(provider.stats.exportFailed).toBe(40);
    expect(provider.traceStore.querySpans({ limit: 100 })).toHaveLength(40);
    provider.traceStore.close();
  });

  it('counts the spans an over-full queue dropped, and the ones ended after shutdown', async () => {
    const path = tempPath('traces.db');
    const provider = new TracerProvider({ dbPath: path, maxQueueSize: 25 });
    // One synchronous burst: the writer gets no turn, so 25 fit and 15 are dropped.
    endTraces(provider, 4, 10);
    const receipt = await provider.shutdown();
    expect(receipt).toEqual({ persisted: 25, exported: 0, dropped: 15, failed: 0, queued: 0 });
    endTraces(provider, 1, 2);
    await expect(provider.forceFlush()).resolves.toEqual({
      persisted: 25,
      exported: 0,
      dropped: 17,
      failed: 0,
      queued: 0,
    });
    expect(provider.stats).toEqual({ queued: 0, written: 25, dropped: 17, exportFailed: 0 });
    expect(provider.traceStore.querySpans({ limit: 100 })).toHaveLength(25);
    provider.traceStore.close();
  });

  it('counts spans as dropped when the store was closed under the provider', async () => {
    const provider = new TracerProvider({ dbPath: tempPath('traces.db'), batchSize: 5 });
    endTraces(provider, 1, 5);
    await provider.forceFlush();
    expect(provider.traceStore.closed).toBe(false);
    provider.traceStore.close();
    expect(provider.traceStore.closed).toBe(true);
    endTraces(provider, 2, 5);
    const receipt = await provider.shutdown();
    expect(receipt).toEqual({ persisted: 5, exported: 0, dropped: 10, failed: 0, queued: 0 });
  });
});
