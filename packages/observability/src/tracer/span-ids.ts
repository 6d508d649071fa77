import { randomFillSync } from 'node:crypto';

// W3C ids are reserved as raw bytes in a large block of random bytes (one `randomFillSync` per
// 64 KiB) and rendered as hex only when something reads them: most spans' ids are first read by
// the writer, which stores span ids as 64-bit integers taken from the bytes directly. Each block
// stays alive while a span that reserved bytes in it does; a new block is made when one is used up.

const POOL_BYTES = 64 * 1024;
let pool = Buffer.allocUnsafeSlow(0);
let offset = 0;

function isZero(bytes: Buffer, start: number, byteCount: number): boolean {
  for (let index = start; index < start + byteCount; index++) if (bytes[index] !== 0) return false;
  return true;
}

/**
 * Reserves the random bytes of a span id (8) or of a span id and a trace id (8 + 16) and returns
 * their offset in {@link currentIdPool}. Neither id is all zero (invalid in W3C Trace Context).
 */
export function reserveIdBytes(byteCount: 8 | 24): number {
  if (offset + byteCount > pool.length) {
    pool = Buffer.allocUnsafeSlow(POOL_BYTES);
    randomFillSync(pool);
    offset = 0;
  }
  const start = offset;
  offset += byteCount;
  // Probability 2^-64 or less: draw again.
  if (pool.readUInt32LE(start) === 0 && isZero(pool, start, 8)) return reserveIdBytes(byteCount);
  if (byteCount === 24 && isZero(pool, start + 8, 16)) return reserveIdBytes(byteCount);
  return start;
}

/** The block the last {@link reserveIdBytes} reserved in. */
export function currentIdPool(): Buffer {
  return pool;
}

/** `byteCount` bytes of `bytes` from `start` as lowercase hex. */
export function hexAt(bytes: Buffer, start: number, byteCount: number): string {
  return bytes.toString('hex', start, start + byteCount);
}

const ID_BITS = new DataView(new ArrayBuffer(8));

/** The 8 bytes of `bytes` from `start` as a signed 64-bit integer, big-endian: a span id's stored form. */
export function idBitsAt(bytes: Buffer, start: number): bigint {
  ID_BITS.setUint32(0, bytes.readUInt32BE(start));
  ID_BITS.setUint32(4, bytes.readUInt32BE(start + 4));
  return ID_BITS.getBigInt64(0);
}

/** A new W3C trace id: 32 lowercase hex characters, not all zero. */
export function newTraceId(): string {
  const start = reserveIdBytes(24);
  return hexAt(pool, start + 8, 16);
}

/** A new W3C span id: 16 lowercase hex characters, not all zero. */
export function newSpanId(): string {
  const start = reserveIdBytes(8);
  return hexAt(pool, start, 8);
}
