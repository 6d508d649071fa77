import type { Snapshot, SpanEvent, SpanRecord } from '@clearstone/core';
import { CheckpointError } from '../errors/checkpoint-error';

/** A span as stored in a checkpoint file: bigint times become decimal strings. */
export type EncodedSpan = Omit<SpanRecord, 'startTimeNs' | 'endTimeNs' | 'durationNs' | 'events'> & {
  startTimeNs: string;
  endTimeNs?: string;
  durationNs?: string;
  events: Array<Omit<SpanEvent, 'timeNs'> & { timeNs: string }>;
};

const DECIMAL = /^-?\d+$/;

function corrupt(message: string): never {
  throw new CheckpointError({ code: 'CHECKPOINT_CORRUPT', message: `Corrupt checkpoint: ${message}` });
}

function toBigInt(value: unknown, field: string): bigint {
  if (typeof value !== 'string' || !DECIMAL.test(value))
    corrupt(`span field '${field}' is not a decimal integer string.`);
  return BigInt(value);
}

function optionalBigInt(value: unknown, field: string): bigint | undefined {
  return value === undefined || value === null ? undefined : toBigInt(value, field);
}

/** Encodes a span for JSON storage. */
export function encodeSpan(span: SpanRecord): EncodedSpan {
  const encoded: EncodedSpan = {
    ...span,
    startTimeNs: String(span.startTimeNs),
    endTimeNs: span.endTimeNs === undefined ? undefined : String(span.endTimeNs),
    durationNs: span.durationNs === undefined ? undefined : String(span.durationNs),
    events: (span.events ?? []).map((event) => ({ ...event, timeNs: String(event.timeNs) })),
    links: span.links ?? [],
    attributes: span.attributes ?? {},
  };
  for (const key of Object.keys(encoded) as Array<keyof EncodedSpan>)
    if (encoded[key] === undefined) delete encoded[key];
  return encoded;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkSnapshot(value: unknown, field: string): Snapshot | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || typeof value.captured !== 'boolean') corrupt(`span field '${field}' is not a snapshot.`);
  if (value.captured && typeof value.data !== 'string') corrupt(`span field '${field}' has no data.`);
  return value as Snapshot;
}

/** Decodes and validates a stored span. Throws CHECKPOINT_CORRUPT on a malformed one. */
export function decodeSpan(value: unknown): SpanRecord {
  if (!isRecord(value)) corrupt('a span entry is not an object.');
  for (const field of ['traceId', 'spanId', 'name', 'kind', 'status', 'instrumentationName'] as const) {
    if (typeof value[field] !== 'string') corrupt(`span field '${field}' is missing or not a string.`);
  }
  if (value.parentSpanId !== undefined && typeof value.parentSpanId !== 'string')
    corrupt(`span field 'parentSpanId' is not a string.`);
  if (!isRecord(value.attributes)) corrupt(`span field 'attributes' is not an object.`);
  if (!Array.isArray(value.events) || !Array.isArray(value.links))
    corrupt(`span fields 'events' and 'links' must be arrays.`);
  const events = value.events.map((event: unknown) => {
    if (!isRecord(event) || typeof event.name !== 'string') corrupt('a span event is malformed.');
    return {
      name: event.name,
      timeNs: toBigInt(event.timeNs, 'events.timeNs'),
      attributes: (event.attributes ?? {}) as SpanEvent['attributes'],
    };
  });
  const span = {
    ...value,
    startTimeNs: toBigInt(value.startTimeNs, 'startTimeNs'),
    endTimeNs: optionalBigInt(value.endTimeNs, 'endTimeNs'),
    durationNs: optionalBigInt(value.durationNs, 'durationNs'),
    events,
    input: checkSnapshot(value.input, 'input'),
    output: checkSnapshot(value.output, 'output'),
  } as Record<string, unknown>;
  for (const key of Object.keys(span)) if (span[key] === undefined) delete span[key];
  return span as unknown as SpanRecord;
}
