/** A fixed-size ring of the most recent latencies, for percentiles in bounded memory. */
export class LatencyWindow {
  private readonly samples: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(size: number) {
    this.samples = new Float64Array(size);
  }

  /** Adds one latency, overwriting the oldest once the window is full. */
  add(latencyMs: number): void {
    this.samples[this.next] = latencyMs;
    this.next = this.next + 1 === this.samples.length ? 0 : this.next + 1;
    if (this.filled < this.samples.length) this.filled += 1;
  }

  /** The `fraction` quantile (0–1, nearest rank) of the samples held; 0 when empty. */
  quantile(fraction: number): number {
    if (this.filled === 0) return 0;
    const sorted = this.samples.slice(0, this.filled).sort();
    const rank = Math.min(this.filled - 1, Math.max(0, Math.ceil(fraction * this.filled) - 1));
    return sorted[rank];
  }

  /** Forgets every sample. */
  clear(): void {
    this.next = 0;
    this.filled = 0;
  }
}
