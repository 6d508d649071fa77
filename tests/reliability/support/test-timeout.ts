/** A suite's Jest timeout: `RELIABILITY_TEST_TIMEOUT_MS` when set (the soak's larger runs), else `fallbackMs`. */
export function testTimeout(fallbackMs: number): number {
  const fromEnvironment = Number(process.env.RELIABILITY_TEST_TIMEOUT_MS);
  return Number.isSafeInteger(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : fallbackMs;
}
