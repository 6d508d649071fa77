/** Heap sampling and printing shared by the benchmarks that stream a trace database. */

/** The highest `heapUsed` seen by {@link sampleHeap} since `peak` was last reset to 0. */
export const heap = { peak: 0 };

/** Records the current heap use in `heap.peak` if it is the highest so far. */
export function sampleHeap(): void {
  const used = process.memoryUsage().heapUsed;
  if (used > heap.peak) heap.peak = used;
}

/** Bytes as whole megabytes, e.g. `12 MB`. */
export const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;
