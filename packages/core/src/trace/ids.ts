import { randomFillSync } from 'node:crypto';

const HEX: string[] = Array.from({ length: 256 }, (_, index) => index.toString(16).padStart(2, '0'));
const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

function randomHex(byteCount: number): string {
  if (offset + byteCount > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  let hex = '';
  let allZero = true;
  for (let index = 0; index < byteCount; index++) {
    const byte = pool[offset + index];
    if (byte !== 0) allZero = false;
    hex += HEX[byte];
  }
  offset += byteCount;
  // An all-zero id is invalid in W3C Trace Context; draw again (probability 2^-64 or less).
  return allZero ? randomHex(byteCount) : hex;
}

/** A new W3C trace id: 32 lowercase hex characters, not all zero. */
export function generateTraceId(): string {
  return randomHex(16);
}

/** A new W3C span id: 16 lowercase hex characters, not all zero. */
export function generateSpanId(): string {
  return randomHex(8);
}

const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;
const SPAN_ID = /^(?!0{16})[0-9a-f]{16}$/;

/** True for a valid W3C trace id (32 lowercase hex, not all zero). */
export function isValidTraceId(value: unknown): value is string {
  return typeof value === 'string' && TRACE_ID.test(value);
}

/** True for a valid W3C span id (16 lowercase hex, not all zero). */
export function isValidSpanId(value: unknown): value is string {
  return typeof value === 'string' && SPAN_ID.test(value);
}
