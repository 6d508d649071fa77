import { SpanKind, SpanStatusCode } from '@clearstone/core';

// Kinds and statuses are stored as small integers; these tables are part of the file format.
const KINDS: readonly SpanKind[] = [
  SpanKind.INTERNAL,
  SpanKind.CLIENT,
  SpanKind.SERVER,
  SpanKind.PRODUCER,
  SpanKind.CONSUMER,
];
const STATUSES: readonly SpanStatusCode[] = [SpanStatusCode.UNSET, SpanStatusCode.OK, SpanStatusCode.ERROR];

const kindCodes = new Map<string, number>(KINDS.map((kind, index) => [kind, index]));
const statusCodes = new Map<string, number>(STATUSES.map((status, index) => [status, index]));

/** Integer stored for a span kind. */
export function kindCode(kind: SpanKind): number {
  return kindCodes.get(kind) ?? 0;
}

/** Span kind from its stored integer. */
export function kindFromCode(code: unknown): SpanKind {
  return KINDS[Number(code)] ?? SpanKind.INTERNAL;
}

/** Integer stored for a span status. */
export function statusCode(status: SpanStatusCode): number {
  return statusCodes.get(status) ?? 0;
}

/** Span status from its stored integer. */
export function statusFromCode(code: unknown): SpanStatusCode {
  return STATUSES[Number(code)] ?? SpanStatusCode.UNSET;
}

/** Stored integer of the ERROR status. */
export const ERROR_STATUS_CODE = 2;

/** Whether `value` is a span kind name. */
export function isSpanKind(value: unknown): value is SpanKind {
  return typeof value === 'string' && kindCodes.has(value);
}

/** Whether `value` is a span status name. */
export function isSpanStatus(value: unknown): value is SpanStatusCode {
  return typeof value === 'string' && statusCodes.has(value);
}
