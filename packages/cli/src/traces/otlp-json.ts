import { SpanKind, SpanStatusCode, snapshotText } from '@clearstone/core';
import type { AttributeValue, Attributes, Snapshot, SpanRecord } from '@clearstone/core';

/** An OTLP/JSON `AnyValue`. */
export type OtlpAnyValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean }
  | { arrayValue: { values: OtlpAnyValue[] } }
  | Record<string, never>;

/** An OTLP/JSON `KeyValue`. */
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

/** An OTLP/JSON span. */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano?: string;
  attributes: OtlpKeyValue[];
  events: Array<{ timeUnixNano: string; name: string; attributes: OtlpKeyValue[] }>;
  links: Array<{ traceId: string; spanId: string; attributes: OtlpKeyValue[] }>;
  status: { code: number; message?: string };
}

/** An OTLP/JSON `ExportTraceServiceRequest`. */
export interface OtlpTraceRequest {
  resourceSpans: Array<{
    resource: { attributes: OtlpKeyValue[] };
    scopeSpans: Array<{ scope: { name: string; version?: string }; spans: OtlpSpan[] }>;
  }>;
}

// OTLP enum numbers (opentelemetry/proto/trace/v1/trace.proto).
const KIND_NUMBERS: Record<SpanKind, number> = {
  [SpanKind.INTERNAL]: 1,
  [SpanKind.SERVER]: 2,
  [SpanKind.CLIENT]: 3,
  [SpanKind.PRODUCER]: 4,
  [SpanKind.CONSUMER]: 5,
};
const STATUS_NUMBERS: Record<SpanStatusCode, number> = {
  [SpanStatusCode.UNSET]: 0,
  [SpanStatusCode.OK]: 1,
  [SpanStatusCode.ERROR]: 2,
};

function anyValue(value: AttributeValue | null | undefined): OtlpAnyValue {
  if (value === null || value === undefined) return {};
  if (Array.isArray(value))
    return { arrayValue: { values: (value as Array<AttributeValue | null | undefined>).map(anyValue) } };
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

function keyValues(attributes: Attributes): OtlpKeyValue[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }));
}

// Captured snapshots travel under the OpenInference names, as `OtlpHttpExporter` of
// @clearstone/observability sends them (Phoenix and Langfuse show them as the span's input and output).
const SNAPSHOT_KEYS = {
  input: { value: 'input.value', mimeType: 'input.mime_type' },
  output: { value: 'output.value', mimeType: 'output.mime_type' },
} as const;

/** The text and MIME type a backend shows for a snapshot (see `snapshotText`). */
function snapshotTextOf(snapshot: Snapshot | undefined): [string, string] | undefined {
  const shown = snapshotText(snapshot);
  return shown === undefined ? undefined : [shown.text, shown.mimeType];
}

function spanAttributes(span: SpanRecord): OtlpKeyValue[] {
  const attributes = keyValues(span.attributes);
  for (const [snapshot, keys] of [
    [span.input, SNAPSHOT_KEYS.input],
    [span.output, SNAPSHOT_KEYS.output],
  ] as const) {
    const text = snapshotTextOf(snapshot);
    if (text === undefined) continue;
    attributes.push(
      { key: keys.value, value: { stringValue: text[0] } },
      { key: keys.mimeType, value: { stringValue: text[1] } },
    );
  }
  return attributes;
}

/** One span in OTLP/JSON form: hex ids, times as decimal nanosecond strings, typed attribute values. */
export function toOtlpSpan(span: SpanRecord): OtlpSpan {
  const otlp: OtlpSpan = {
    traceId: span.traceId,
    spanId: span.spanId,
    name: span.name,
    kind: KIND_NUMBERS[span.kind] ?? 1,
    startTimeUnixNano: span.startTimeNs.toString(),
    attributes: spanAttributes(span),
    events: span.events.map((event) => ({
      timeUnixNano: event.timeNs.toString(),
      name: event.name,
      attributes: keyValues(event.attributes),
    })),
    links: span.links.map((link) => ({
      traceId: link.traceId,
      spanId: link.spanId,
      attributes: keyValues(link.attributes),
    })),
    status: { code: STATUS_NUMBERS[span.status] ?? 0 },
  };
  if (span.parentSpanId !== undefined) otlp.parentSpanId = span.parentSpanId;
  if (span.endTimeNs !== undefined) otlp.endTimeUnixNano = span.endTimeNs.toString();
  if (span.status === SpanStatusCode.ERROR && span.errorMessage !== undefined) otlp.status.message = span.errorMessage;
  return otlp;
}

/**
 * Spans as an OTLP/JSON trace export request (what an OTLP/HTTP collector accepts at
 * `/v1/traces` with `Content-Type: application/json`): one resource, one scope per
 * instrumentation name and version.
 */
export function toOtlpRequest(spans: Iterable<SpanRecord>, serviceName = 'clearstone'): OtlpTraceRequest {
  const scopes = new Map<string, { scope: { name: string; version?: string }; spans: OtlpSpan[] }>();
  for (const span of spans) {
    const key = `${span.instrumentationName}\u0000${span.instrumentationVersion ?? ''}`;
    let entry = scopes.get(key);
    if (entry === undefined) {
      entry = {
        scope: {
          name: span.instrumentationName,
          ...(span.instrumentationVersion === undefined ? {} : { version: span.instrumentationVersion }),
        },
        spans: [],
      };
      scopes.set(key, entry);
    }
    entry.spans.push(toOtlpSpan(span));
  }
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: serviceName } }] },
        scopeSpans: [...scopes.values()],
      },
    ],
  };
}
