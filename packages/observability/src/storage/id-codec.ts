// Span ids are stored as signed 64-bit integers and trace ids as 16-byte blobs: both smaller and
// faster to index than hex text (see the README's "Storage design"). Ids that are not W3C-shaped,
// such as the 32-hex span ids of databases written by the Python SDK, are kept as text, which
// SQLite's dynamic typing allows in the same column and the same unique index.

const SPAN_HEX = /^[0-9a-f]{16}$/;
const TRACE_HEX = /^[0-9a-f]{32}$/;
const UNSIGNED_64 = 0xffff_ffff_ffff_ffffn;

/** Stored form of a span id. */
export function encodeSpanId(spanId: string): bigint | string {
  return SPAN_HEX.test(spanId) ? BigInt.asIntN(64, BigInt(`0x${spanId}`)) : spanId;
}

/** Span id from its stored form. */
export function decodeSpanId(value: unknown): string {
  if (typeof value === 'bigint') return (value & UNSIGNED_64).toString(16).padStart(16, '0');
  if (typeof value === 'number') return decodeSpanId(BigInt(value));
  return String(value);
}

/** Stored form of a trace id. */
export function encodeTraceId(traceId: string): Buffer | string {
  return TRACE_HEX.test(traceId) ? Buffer.from(traceId, 'hex') : traceId;
}

/** Trace id from its stored form. */
export function decodeTraceId(value: unknown): string {
  return Buffer.isBuffer(value) || value instanceof Uint8Array ? Buffer.from(value).toString('hex') : String(value);
}
