// Wall-clock nanoseconds with hrtime resolution: hrtime is monotonic and precise, and the offset
// anchors it to the Unix epoch once per process.
const epochOffsetNs = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

/** Nanoseconds since the Unix epoch, with nanosecond resolution, as a bigint. */
export function nowNs(): bigint {
  return process.hrtime.bigint() + epochOffsetNs;
}

/** Converts a Date or epoch milliseconds to epoch nanoseconds. */
export function toEpochNs(time: Date | number): bigint {
  const ms = typeof time === 'number' ? time : time.getTime();
  return BigInt(Math.round(ms * 1000)) * 1000n;
}
