/** A seeded 32-bit generator (mulberry32): the same seed always gives the same sequence. */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** The next unsigned 32-bit integer. */
  nextUint32(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let value = this.#state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return (value ^ (value >>> 14)) >>> 0;
  }

  /** The next float in [0, 1), like `Math.random()`. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** The next RFC 4122 version-4 UUID, built from the sequence. */
  nextUuid(): string {
    const bytes = new Uint8Array(16);
    for (let index = 0; index < 16; index += 4) {
      const word = this.nextUint32();
      bytes[index] = word >>> 24;
      bytes[index + 1] = (word >>> 16) & 0xff;
      bytes[index + 2] = (word >>> 8) & 0xff;
      bytes[index + 3] = word & 0xff;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/** Turns a numeric or text seed into a 32-bit integer (FNV-1a for text). */
export function seedToInteger(seed: number | string): number {
  if (typeof seed === 'number') return Math.trunc(seed) >>> 0;
  let hash = 0x811c9dc5;
  for (let index = 0; index < seed.length; index++) hash = Math.imul(hash ^ seed.charCodeAt(index), 0x01000193) >>> 0;
  return hash;
}
