// Times are stored as SQLite 64-bit integers of epoch nanoseconds: 1677-09-21 to 2262-04-11.

/** Largest storable time, epoch ns (2262-04-11T23:47:16.854775807Z). */
export const MAX_STORED_NS = 2n ** 63n - 1n;

/** Smallest storable time, epoch ns (1677-09-21T00:12:43.145224192Z). */
export const MIN_STORED_NS = -(2n ** 63n);

/** `time` limited to the storable range; numbers and in-range bigints are returned as they are. */
export function clampStoredNs<T>(time: T): T | bigint {
  if (typeof time !== 'bigint') return time;
  if (time > MAX_STORED_NS) return MAX_STORED_NS;
  if (time < MIN_STORED_NS) return MIN_STORED_NS;
  return time;
}
