import { randomFillSync } from 'node:crypto';

// W3C ids are cut from a large block of random bytes hex-encoded at once: one `randomFillSync` and
// one `toString('hex')` per 4096 ids, and each id is a substring of that text (a V8 sliced string,
// one small allocation) instead of a string built byte by byte.

const POOL_BYTES = 64 * 1024;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let hex = '';
let offset = POOL_BYTES;

function refill(): void {
  randomFillSync(pool);
  hex = pool.toString('hex');
  offset = 0;
}

/** `byteCount` random bytes as lowercase hex, never all zero (invalid in W3C Trace Context). */
function randomHexId(byteCount: number): string {
  if (offset + byteCount > POOL_BYTES) refill();
  const start = offset;
  offset += byteCount;
  // An all-zero id has probability 2^-64 or less: check the words, and draw again if so.
  if (pool.readUInt32LE(start) === 0 && pool.readUInt32LE(start + 4) === 0 && isZero(start, byteCount))
    return randomHexId(byteCount);
  return hex.substring(2 * start, 2 * (start + byteCount));
}

function isZero(start: number, byteCount: number): boolean {
  for (let index = start; index < start + byteCount; index++) if (pool[index] !== 0) return false;
  return true;
}

/** A new W3C trace id: 32 lowercase hex characters, not all zero. */
export function newTraceId(): string {
  return randomHexId(16);
}

/** A new W3C span id: 16 lowercase hex characters, not all zero. */
export function newSpanId(): string {
  return randomHexId(8);
}
