import { SpanKind, SpanStatusCode } from '@clearstone/core';

// OpenTelemetry API enums are numeric: SpanKind INTERNAL 0, SERVER 1, CLIENT 2, PRODUCER 3,
// CONSUMER 4; SpanStatusCode UNSET 0, OK 1, ERROR 2. Literals keep the hot path free of lookups
// into the API package.
const KIND_FROM_OTEL: readonly SpanKind[] = [
  SpanKind.INTERNAL,
  SpanKind.SERVER,
  SpanKind.CLIENT,
  SpanKind.PRODUCER,
  SpanKind.CONSUMER,
];
const STATUS_FROM_OTEL: readonly SpanStatusCode[] = [SpanStatusCode.UNSET, SpanStatusCode.OK, SpanStatusCode.ERROR];

const KIND_TO_OTEL: Readonly<Record<SpanKind, number>> = {
  INTERNAL: 0,
  SERVER: 1,
  CLIENT: 2,
  PRODUCER: 3,
  CONSUMER: 4,
};
const STATUS_TO_OTEL: Readonly<Record<SpanStatusCode, number>> = { UNSET: 0, OK: 1, ERROR: 2 };

/** Clearstone's kind for an OpenTelemetry numeric kind (or a Clearstone kind, returned as is); INTERNAL when unknown. */
export function toSpanKind(kind: SpanKind | number | undefined): SpanKind {
  if (typeof kind === 'number') return KIND_FROM_OTEL[kind] ?? SpanKind.INTERNAL;
  return kind ?? SpanKind.INTERNAL;
}

/** Clearstone's status for an OpenTelemetry numeric code (or a Clearstone code, returned as is); undefined when unknown. */
export function toStatusCode(code: SpanStatusCode | number): SpanStatusCode | undefined {
  if (typeof code === 'number') return STATUS_FROM_OTEL[code];
  return STATUS_TO_OTEL[code] === undefined ? undefined : code;
}

/** OpenTelemetry's numeric kind of a Clearstone kind. */
export function toOtelSpanKind(kind: SpanKind): number {
  return KIND_TO_OTEL[kind] ?? 0;
}

/** OpenTelemetry's numeric status code of a Clearstone status. */
export function toOtelStatusCode(code: SpanStatusCode): number {
  return STATUS_TO_OTEL[code] ?? 0;
}
