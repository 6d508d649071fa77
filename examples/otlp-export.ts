/**
 * OTLP export: a traced agent-like run (a model call, then a tool served over HTTP that continues
 * the trace through the W3C traceparent header) sent to an OpenTelemetry endpoint. The endpoint
 * here is a tiny OTLP/HTTP receiver started on 127.0.0.1, standing in for a collector, Jaeger,
 * Tempo, Langfuse or Phoenix; it decodes the JSON encoding and prints the spans it received.
 *
 * Run: node_modules/.bin/tsx examples/otlp-export.ts
 */
import { SpanKind } from '@clearstone/core';
import {
  ClearstoneAttributes,
  GenAiAttributes,
  GenAiOperations,
  GenAiProviders,
  OtlpHttpExporter,
  TracerProvider,
  inject,
  withRemoteParent,
} from '@clearstone/observability';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  status?: { code?: number; message?: string };
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// 1. The receiver: OTLP/HTTP with JSON encoding is a POST of an ExportTraceServiceRequest.
const received: Array<{ service: unknown; span: OtlpSpan }> = [];
const collector = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
  request.on('end', () => {
    const payload = JSON.parse(body) as {
      resourceSpans: Array<{
        resource: { attributes: OtlpSpan['attributes'] };
        scopeSpans: Array<{ spans: OtlpSpan[] }>;
      }>;
    };
    for (const resourceSpans of payload.resourceSpans) {
      const service = resourceSpans.resource.attributes?.find((attribute) => attribute.key === 'service.name')?.value
        .stringValue;
      for (const scopeSpans of resourceSpans.scopeSpans)
        for (const span of scopeSpans.spans) received.push({ service, span });
    }
    console.log(
      `collector: ${request.headers['content-type']} request with ${received.length} span(s) so far, authorization: ${request.headers.authorization}`,
    );
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
const collectorUrl = await listen(collector);

// 2. Tracing: no SQLite file here (dbPath: null), every span goes to the OTLP endpoint.
const provider = new TracerProvider({
  dbPath: null,
  exporters: [
    new OtlpHttpExporter({
      url: `${collectorUrl}/v1/traces`,
      encoding: 'json',
      serviceName: 'weather-bot',
      headers: { Authorization: 'Bearer demo-token' },
    }),
  ],
});
const tracer = provider.getTracer('weather-bot', '1.0.0');

// 3. A tool served over HTTP: its span continues the caller's trace from the request headers.
const toolService = createServer((request, response) => {
  withRemoteParent(request.headers, () =>
    tracer.span(
      'execute_tool get_weather',
      {
        kind: SpanKind.SERVER,
        attributes: {
          [GenAiAttributes.OPERATION_NAME]: GenAiOperations.EXECUTE_TOOL,
          [GenAiAttributes.TOOL_NAME]: 'get_weather',
        },
      },
      () => {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ city: 'Paris', celsius: 21 }));
      },
    ),
  );
});
const toolUrl = await listen(toolService);

// 4. The agent run.
const traceId = await tracer.span(
  'invoke_agent weather-bot',
  {
    attributes: {
      [GenAiAttributes.OPERATION_NAME]: GenAiOperations.INVOKE_AGENT,
      [GenAiAttributes.AGENT_NAME]: 'weather-bot',
      [ClearstoneAttributes.USER_ID]: 'user-7',
    },
    input: 'Weather in Paris?',
  },
  async (root) => {
    tracer.span(
      'chat gpt-4o',
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [GenAiAttributes.OPERATION_NAME]: GenAiOperations.CHAT,
          [GenAiAttributes.PROVIDER_NAME]: GenAiProviders.OPENAI,
          [GenAiAttributes.REQUEST_MODEL]: 'gpt-4o',
        },
      },
      (span) => {
        span.setAttributes({
          [GenAiAttributes.USAGE_INPUT_TOKENS]: 42,
          [GenAiAttributes.USAGE_OUTPUT_TOKENS]: 12,
          [ClearstoneAttributes.COST_USD]: 0.00023,
        });
      },
    );
    const weather = await tracer.span('GET /weather', { kind: SpanKind.CLIENT }, async () => {
      const response = await fetch(`${toolUrl}/weather?city=Paris`, { headers: inject({}) });
      return (await response.json()) as { celsius: number };
    });
    root.setOutput(`It is ${weather.celsius} °C in Paris.`);
    return root.traceId;
  },
);

await provider.shutdown(); // sends everything queued and waits for the endpoint's answers
toolService.close();
collector.close();

// 5. What the endpoint received, as a tree.
const kinds = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const statuses = ['UNSET', 'OK', 'ERROR'];
const services = new Set(received.map((item) => item.service));
const traces = new Set(received.map((item) => item.span.traceId));
console.log(
  `received ${received.length} spans from service ${[...services].join(', ')} in ${traces.size} trace(s); trace ${traces.has(traceId) ? 'matches' : 'differs from'} the root's`,
);
function print(parentSpanId: string | undefined, depth: number): void {
  for (const { span } of received.filter((item) => (item.span.parentSpanId || undefined) === parentSpanId)) {
    const genAi = (span.attributes ?? [])
      .filter((attribute) => attribute.key.startsWith('gen_ai.'))
      .map((attribute) => `${attribute.key}=${Object.values(attribute.value)[0]}`);
    console.log(
      `${'  '.repeat(depth)}${span.name} [${kinds[span.kind]}] ${statuses[span.status?.code ?? 0]}${genAi.length > 0 ? ` ${genAi.join(' ')}` : ''}`,
    );
    print(span.spanId, depth + 1);
  }
}
print(undefined, 0);
