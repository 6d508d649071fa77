import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
// The generated protobuf root of the OpenTelemetry transformer: decodes the request the way a collector does.
import * as generated from '@opentelemetry/otlp-transformer/build/src/generated/root';

/** One span as a collector sees it, with ids in hex, times as decimal strings and attribute values unwrapped. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, unknown>;
  events: Array<{ name: string; timeUnixNano: string; attributes: Record<string, unknown> }>;
  links: Array<{ traceId: string; spanId: string; attributes: Record<string, unknown> }>;
  status: { code: number; message?: string };
  flags?: number;
}

/** One request: resources, each with instrumentation scopes and their spans. */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  resources: Array<{
    attributes: Record<string, unknown>;
    scopes: Array<{ name: string; version?: string; spans: ReceivedSpan[] }>;
  }>;
}

type Reply = { status: number; headers?: Record<string, string>; body?: string };

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function hex(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value; // JSON encoding sends hex strings
  return Buffer.from(value as Uint8Array).toString('hex');
}

function unwrap(value: Raw | undefined): unknown {
  if (value === undefined || value === null) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('arrayValue' in value) return ((value.arrayValue.values ?? []) as Raw[]).map(unwrap);
  return undefined;
}

function attributes(list: Raw[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((pair) => [pair.key, unwrap(pair.value)]));
}

function normalize(request: Raw, headers: IncomingHttpHeaders): ReceivedRequest {
  return {
    headers,
    resources: ((request.resourceSpans ?? []) as Raw[]).map((resourceSpans) => ({
      attributes: attributes(resourceSpans.resource?.attributes),
      scopes: ((resourceSpans.scopeSpans ?? []) as Raw[]).map((scopeSpans) => ({
        name: scopeSpans.scope?.name,
        version: scopeSpans.scope?.version || undefined,
        spans: ((scopeSpans.spans ?? []) as Raw[]).map((span) => ({
          traceId: hex(span.traceId),
          spanId: hex(span.spanId),
          parentSpanId: hex(span.parentSpanId),
          name: span.name,
          kind: Number(span.kind),
          startTimeUnixNano: String(span.startTimeUnixNano),
          endTimeUnixNano: String(span.endTimeUnixNano),
          attributes: attributes(span.attributes),
          events: ((span.events ?? []) as Raw[]).map((event) => ({
            name: event.name,
            timeUnixNano: String(event.timeUnixNano),
            attributes: attributes(event.attributes),
          })),
          links: ((span.links ?? []) as Raw[]).map((link) => ({
            traceId: hex(link.traceId),
            spanId: hex(link.spanId),
            attributes: attributes(link.attributes),
          })),
          status: { code: Number(span.status?.code ?? 0), message: span.status?.message || undefined },
          flags: span.flags,
        })),
      })),
    })),
  };
}

const requestType = (generated as unknown as Raw).opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** Decodes an OTLP/HTTP trace request body (gzip, protobuf or JSON, as its headers say). */
export function decodeRequest(body: Buffer, headers: IncomingHttpHeaders): ReceivedRequest {
  const plain = headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
  if (headers['content-type'] === 'application/json')
    return normalize(JSON.parse(plain.toString('utf8')) as Raw, headers);
  const message = requestType.decode(plain);
  return normalize(requestType.toObject(message, { longs: String, enums: Number }) as Raw, headers);
}

/** A local OTLP/HTTP endpoint on 127.0.0.1 recording what it receives; `reply` chooses each response (default 200). */
export interface Receiver {
  url: string;
  /** Decoded requests that were answered 2xx. */
  accepted: ReceivedRequest[];
  /** Every request, answered or not. */
  attempts: number;
  close(): Promise<void>;
}

/** Starts a receiver; `reply(attempt)` (0-based) decides the response to each request. */
export async function startReceiver(reply: (attempt: number) => Reply = () => ({ status: 200 })): Promise<Receiver> {
  const accepted: ReceivedRequest[] = [];
  const receiver = { url: '', accepted, attempts: 0, close: async () => undefined } as Receiver;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = reply(receiver.attempts++);
      if (answer.status >= 200 && answer.status < 300)
        accepted.push(decodeRequest(Buffer.concat(chunks), request.headers));
      response.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

/** All spans of all accepted requests. */
export function receivedSpans(receiver: Receiver): ReceivedSpan[] {
  return receiver.accepted.flatMap((request) =>
    request.resources.flatMap((resource) => resource.scopes.flatMap((scope) => scope.spans)),
  );
}
