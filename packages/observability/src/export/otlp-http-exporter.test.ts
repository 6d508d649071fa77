import { InvalidArgumentError, SpanKind, SpanStatusCode } from '@clearstone/core';
import type { SpanRecord } from '@clearstone/core';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TracerProvider } from '../provider';
import { receivedSpans, startReceiver } from '../../test/support/otlp-receiver';
import type { Receiver } from '../../test/support/otlp-receiver';
import { useTempDir } from '../../test/support/temp-dir';
import { OtlpHttpExporter } from './otlp-http-exporter';
import type { OtlpHttpExporterOptions } from './otlp-exporter-options';

const tempPath = useTempDir();

/** A traced agent-like run: a root with a model call (GenAI attributes, events, error) and a linked tool call. */
async function tracedRun(provider: TracerProvider): Promise<{ traceId: string; rootId: string }> {
  const tracer = provider.getTracer('support-agent', '1.2.0');
  return tracer.span(
    'invoke_agent support',
    { attributes: { 'gen_ai.agent.name': 'support' }, input: { question: 'refund?' } },
    async (root) => {
      tracer.span(
        'chat gpt-4o',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'gen_ai.request.model': 'gpt-4o',
            'gen_ai.usage.input_tokens': 120,
            'clearstone.cost.usd': 0.0125,
            'gen_ai.response.finish_reasons': ['stop'],
            streamed: false,
          },
        },
        (span) => {
          span.addEvent('first_token', { 'gen_ai.token.index': 0 }, 1_700_000_000_123_456_789n);
          span.setStatus(SpanStatusCode.ERROR, 'rate limited');
        },
      );
      const tool = provider.getTracer('tools').startSpan('execute_tool lookup', {
        links: [{ traceId: root.traceId, spanId: root.spanId, attributes: { reason: 'caller' } }],
      });
      tool.setAttribute('gen_ai.tool.name', 'lookup').end();
      root.setOutput('refund approved');
      return { traceId: root.traceId, rootId: root.spanId };
    },
  );
}

async function exportRun(receiver: Receiver, options: OtlpHttpExporterOptions, dbPath: string | null = null) {
  const exporter = new OtlpHttpExporter({ url: receiver.url, ...options });
  const provider = new TracerProvider({ dbPath, exporters: [exporter] });
  const ids = await tracedRun(provider);
  await provider.shutdown();
  return { exporter, provider, ...ids };
}

describe('OtlpHttpExporter', () => {
  let receiver: Receiver;
  afterEach(async () => {
    await receiver?.close();
  });

  it.each(['protobuf', 'json'] as const)(
    'sends ids, parents, attributes, events, links, status and resource (%s)',
    async (encoding) => {
      receiver = await startReceiver();
      const { exporter, traceId, rootId } = await exportRun(receiver, {
        encoding,
        serviceName: 'support-svc',
        resource: { 'deployment.environment.name': 'test' },
        headers: { Authorization: 'Bearer secret-token' },
      });
      expect(exporter.stats).toEqual({ queued: 0, exported: 3, dropped: 0, retries: 0 });
      const [request] = receiver.accepted;
      expect(request.headers).toMatchObject({
        authorization: 'Bearer secret-token',
        'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
      });
      expect(request.resources).toHaveLength(1);
      expect(request.resources[0].attributes).toMatchObject({
        'service.name': 'support-svc',
        'deployment.environment.name': 'test',
        'telemetry.sdk.name': 'clearstone',
        'telemetry.sdk.language': 'nodejs',
      });
      expect(request.resources[0].scopes.map((scope) => [scope.name, scope.version])).toEqual(
        expect.arrayContaining([
          ['support-agent', '1.2.0'],
          ['tools', undefined],
        ]),
      );
      const spans = new Map(receivedSpans(receiver).map((span) => [span.name, span]));
      const root = spans.get('invoke_agent support')!;
      const chat = spans.get('chat gpt-4o')!;
      const tool = spans.get('execute_tool lookup')!;
      expect(root).toMatchObject({ traceId, spanId: rootId, parentSpanId: '', kind: 1, status: { code: 1 } });
      expect(root.attributes).toMatchObject({
        'gen_ai.agent.name': 'support',
        'input.value': '{"question":"refund?"}',
        'input.mime_type': 'application/json',
        'output.value': 'refund approved',
        'output.mime_type': 'text/plain',
      });
      expect(chat).toMatchObject({
        traceId,
        parentSpanId: rootId,
        kind: 3,
        status: { code: 2, message: 'rate limited' },
      });
      expect(chat.attributes).toEqual({
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 120,
        'clearstone.cost.usd': 0.0125,
        'gen_ai.response.finish_reasons': ['stop'],
        streamed: false,
      });
      expect(chat.events).toEqual([
        { name: 'first_token', timeUnixNano: '1700000000123456789', attributes: { 'gen_ai.token.index': 0 } },
      ]);
      expect(BigInt(chat.endTimeUnixNano) >= BigInt(chat.startTimeUnixNano)).toBe(true);
      expect(tool).toMatchObject({
        parentSpanId: rootId,
        attributes: { 'gen_ai.tool.name': 'lookup' },
        links: [{ traceId, spanId: rootId, attributes: { reason: 'caller' } }],
      });
    },
  );

  it('compresses with gzip when asked', async () => {
    receiver = await startReceiver();
    const { exporter } = await exportRun(receiver, { compression: 'gzip' });
    expect(exporter.stats.exported).toBe(3);
    expect(receiver.accepted[0].headers['content-encoding']).toBe('gzip');
    expect(receivedSpans(receiver)).toHaveLength(3);
  });

  it('retries 503 and 429 (honouring Retry-After) with backoff, then delivers once', async () => {
    receiver = await startReceiver((attempt) =>
      attempt === 0
        ? { status: 503 }
        : attempt === 1
          ? { status: 429, headers: { 'Retry-After': '0' } }
          : { status: 200 },
    );
    const { exporter } = await exportRun(receiver, { initialBackoffMs: 5 });
    expect(receiver.attempts).toBe(3);
    expect(exporter.stats).toEqual({ queued: 0, exported: 3, dropped: 0, retries: 2 });
    expect(receivedSpans(receiver)).toHaveLength(3);
  });

  it('drops a batch the endpoint refuses (400) without retrying, and counts spans it rejects in part', async () => {
    receiver = await startReceiver((attempt) =>
      attempt === 0
        ? { status: 400, body: 'bad payload' }
        : {
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: '{"partialSuccess":{"rejectedSpans":1,"errorMessage":"too old"}}',
          },
    );
    const warn = jest.spyOn(process, 'emitWarning');
    const exporter = new OtlpHttpExporter({ url: receiver.url, encoding: 'json' });
    const provider = new TracerProvider({ dbPath: null, exporters: [exporter], batchSize: 1 });
    const tracer = provider.getTracer('agent');
    tracer.span('first', () => undefined);
    await provider.forceFlush();
    tracer.span('second', () => undefined);
    tracer.span('third', () => undefined);
    await provider.shutdown();
    const warnings = warn.mock.calls.map(
      ([message, options]) => `${(options as { code: string }).code}: ${String(message)}`,
    );
    warn.mockRestore();
    expect(receiver.attempts).toBe(2);
    expect(exporter.stats).toEqual({ queued: 0, exported: 1, dropped: 2, retries: 0 });
    expect(warnings).toEqual([expect.stringMatching(/^CLEARSTONE_OTLP_EXPORT_FAILED: .*HTTP 400: bad payload/)]);
  });

  it('drops and counts spans when the endpoint is down, without touching the traced code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const exporter = new OtlpHttpExporter({
      url: `http://127.0.0.1:${port}/v1/traces`,
      maxRetries: 2,
      initialBackoffMs: 5,
    });
    const dbPath = tempPath('traces.db');
    const provider = new TracerProvider({ dbPath, exporters: [exporter] });
    const tracer = provider.getTracer('agent');
    const result = tracer.span('compute', () => 6 * 7);
    expect(result).toBe(42);
    const asyncResult = await tracer.span('fetch', async () => 'answer');
    expect(asyncResult).toBe('answer');
    await provider.forceFlush();
    expect(exporter.stats).toEqual({ queued: 0, exported: 0, dropped: 2, retries: 2 });
    expect(provider.stats).toMatchObject({ written: 2, dropped: 0 });
    expect(
      provider.traceStore
        .querySpans({})
        .map((span) => span.name)
        .sort(),
    ).toEqual(['compute', 'fetch']);
    await provider.shutdown();
    provider.traceStore.close();
  });

  it('bounds its queue: export() returns at once and spans beyond maxQueueSize are dropped and counted', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const server = createServer((request, response) => {
      request.resume();
      void gate.then(() => response.end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const collected: SpanRecord[] = [];
    const source = new TracerProvider({
      dbPath: null,
      exporters: [{ export: async (spans) => void collected.push(...spans), shutdown: async () => undefined }],
    });
    for (let index = 0; index < 8; index++) source.getTracer('agent').span(`step-${index}`, () => undefined);
    await source.shutdown();
    const exporter = new OtlpHttpExporter({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`,
      maxQueueSize: 5,
    });
    await exporter.export(collected);
    expect(exporter.stats).toMatchObject({ queued: 5, dropped: 3, exported: 0 });
    release();
    await exporter.shutdown();
    expect(exporter.stats).toMatchObject({ queued: 0, dropped: 3, exported: 5 });
    await exporter.export(collected.slice(0, 1));
    expect(exporter.stats.dropped).toBe(4);
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  });

  it('exports beside SQLite storage: the same spans in both', async () => {
    receiver = await startReceiver();
    const dbPath = tempPath('traces.db');
    const { provider, traceId } = await exportRun(receiver, {}, dbPath);
    const stored = provider.traceStore
      .getTrace(traceId)!
      .spans.map((span) => span.spanId)
      .sort();
    provider.traceStore.close();
    expect(
      receivedSpans(receiver)
        .map((span) => span.spanId)
        .sort(),
    ).toEqual(stored);
  });

  it('rejects bad options with InvalidArgumentError', () => {
    expect(() => new OtlpHttpExporter({ encoding: 'xml' as never })).toThrow(InvalidArgumentError);
    expect(() => new OtlpHttpExporter({ compression: 'brotli' as never })).toThrow(
      /compression must be one of 'gzip', 'none'/,
    );
    expect(() => new OtlpHttpExporter({ url: 'localhost:4318' })).toThrow(/url must/);
    expect(() => new OtlpHttpExporter({ url: 'ftp://collector/v1/traces' })).toThrow(/http or https/);
    expect(() => new OtlpHttpExporter({ maxQueueSize: 0 })).toThrow(/maxQueueSize/);
    expect(() => new OtlpHttpExporter({ headers: { Authorization: 42 as never } })).toThrow(/header "Authorization"/);
  });
});
