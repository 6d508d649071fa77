/** mulberry32: a small seeded generator, so that kill points and workloads repeat from a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seed of a suite: `RELIABILITY_SEED` when set (to reproduce a soak failure), else `fallback`. */
export function suiteSeed(fallback: number): number {
  const fromEnvironment = Number(process.env.RELIABILITY_SEED);
  return Number.isSafeInteger(fromEnvironment) ? fromEnvironment : fallback;
}
