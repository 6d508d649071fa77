import { snapshotText, type AttributeValue, type Attributes, type Snapshot, type SpanRecord } from '@clearstone/core';
import type { HrTime, SpanContext } from '@opentelemetry/api';
import { toOtelSpanKind, toOtelStatusCode } from '../tracer/otel-codes';
import { toHrTime } from '../tracer/otel-time';

/** The resource shared by every span of an exporter: what the OTLP serializer reads of it. */
export interface OtlpResource {
  attributes: Attributes;
  asyncAttributesPending: false;
  schemaUrl?: string;
}

/** What the OTLP serializer reads of a span: the OpenTelemetry SDK's `ReadableSpan`. */
export interface ReadableSpanLike {
  name: string;
  kind: number;
  spanContext(): SpanContext;
  parentSpanContext: SpanContext | undefined;
  startTime: HrTime;
  endTime: HrTime;
  duration: HrTime;
  status: { code: number; message?: string };
  attributes: Attributes;
  links: Array<{ context: SpanContext; attributes: Attributes; droppedAttributesCount: number }>;
  events: Array<{ name: string; time: HrTime; attributes: Attributes; droppedAttributesCount: number }>;
  ended: true;
  resource: OtlpResource;
  instrumentationScope: { name: string; version?: string };
  droppedAttributesCount: number;
  droppedEventsCount: number;
  droppedLinksCount: number;
}

/** The text and MIME type a backend shows for a snapshot (see `snapshotText`). */
function snapshotTextOf(snapshot: Snapshot | undefined): [string, string] | undefined {
  const shown = snapshotText(snapshot);
  return shown === undefined ? undefined : [shown.text, shown.mimeType];
}

function snapshotAttributes(record: SpanRecord, attributes: Attributes): Attributes {
  const input = snapshotTextOf(record.input);
  const output = snapshotTextOf(record.output);
  if (input === undefined && output === undefined) return attributes;
  const withSnapshots: Record<string, AttributeValue> = { ...attributes };
  if (input !== undefined) [withSnapshots['input.value'], withSnapshots['input.mime_type']] = input;
  if (output !== undefined) [withSnapshots['output.value'], withSnapshots['output.mime_type']] = output;
  return withSnapshots;
}

/**
 * `record` in the shape the OpenTelemetry OTLP serializer reads. Captured input and output
 * snapshots become `input.value` / `output.value` with `input.mime_type` / `output.mime_type`
 * (the OpenInference names, which Phoenix and Langfuse display) when `includeSnapshots` is set.
 */
export function toReadableSpan(
  record: SpanRecord,
  resource: OtlpResource,
  includeSnapshots: boolean,
): ReadableSpanLike {
  const endTimeNs = record.endTimeNs ?? record.startTimeNs;
  const isRemoteParent = (record as { isRoot?: boolean }).isRoot === true && record.parentSpanId !== undefined;
  const context: SpanContext = { traceId: record.traceId, spanId: record.spanId, traceFlags: 1 };
  return {
    name: record.name,
    kind: toOtelSpanKind(record.kind),
    spanContext: () => context,
    parentSpanContext:
      record.parentSpanId === undefined
        ? undefined
        : { traceId: record.traceId, spanId: record.parentSpanId, traceFlags: 1, isRemote: isRemoteParent },
    startTime: toHrTime(record.startTimeNs),
    endTime: toHrTime(endTimeNs),
    duration: toHrTime(endTimeNs - record.startTimeNs),
    status: { code: toOtelStatusCode(record.status), message: record.errorMessage },
    attributes: includeSnapshots ? snapshotAttributes(record, record.attributes) : record.attributes,
    links: record.links.map((link) => ({
      context: { traceId: link.traceId, spanId: link.spanId, traceFlags: 1 },
      attributes: link.attributes ?? {},
      droppedAttributesCount: 0,
    })),
    events: record.events.map((event) => ({
      name: event.name,
      time: toHrTime(event.timeNs),
      attributes: event.attributes,
      droppedAttributesCount: 0,
    })),
    ended: true,
    resource,
    instrumentationScope:
      record.instrumentationVersion === undefined
        ? { name: record.instrumentationName }
        : { name: record.instrumentationName, version: record.instrumentationVersion },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}
