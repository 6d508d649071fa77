/**
 * Exponential backoff of the store writer: after each write refused by a locked database the wait
 * before the next attempt doubles, from `minMs` up to `maxMs`; a write that gets through resets it.
 */
export class Backoff {
  /** Wait before the next attempt, in ms; 0 when not backing off. */
  delayMs = 0;
  /** When the current streak of refusals started (`Date.now()`), or undefined when not backing off. */
  sinceMs: number | undefined;
  private readonly minMs: number;
  private readonly maxMs: number;

  constructor(minMs: number, maxMs: number) {
    this.minMs = minMs;
    this.maxMs = maxMs;
  }

  /** True while attempts are being refused. */
  get active(): boolean {
    return this.sinceMs !== undefined;
  }

  /** Records a refused attempt: the wait doubles (within the bounds). */
  fail(): void {
    this.sinceMs ??= Date.now();
    this.delayMs = Math.min(Math.max(this.delayMs * 2, this.minMs), this.maxMs);
  }

  /** Records an attempt that got through. */
  reset(): void {
    this.sinceMs = undefined;
    this.delayMs = 0;
  }
}
