/**
 * When the pipeline's next write runs: on the next event-loop turn (`soon`) or after a delay
 * (`after`), never both and never twice. An earlier request wins over a later one; the pending
 * run is cancelled by `cancel()`. Timers are unref'd: a pending write never keeps the process
 * alive (the exit hooks persist what is left).
 */
export class FlushScheduler {
  private immediate: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerDueMs = 0;
  private readonly run: () => void;
  private readonly onImmediate = (): void => {
    this.immediate = undefined;
    this.run();
  };
  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.run();
  };

  /** `run` is called for each scheduled run. */
  constructor(run: () => void) {
    this.run = run;
  }

  /** True when no run is scheduled. */
  get idle(): boolean {
    return this.immediate === undefined && this.timer === undefined;
  }

  /** Runs on the next event-loop turn. */
  soon(): void {
    if (this.immediate !== undefined) return;
    this.clearTimer();
    this.immediate = setImmediate(this.onImmediate);
  }

  /** Runs in `delayMs`, unless a run is already scheduled as early or earlier. */
  after(delayMs: number): void {
    if (this.immediate !== undefined) return;
    const dueMs = Date.now() + delayMs;
    if (this.timer !== undefined) {
      if (this.timerDueMs <= dueMs) return;
      clearTimeout(this.timer);
    }
    this.timerDueMs = dueMs;
    this.timer = setTimeout(this.onTimer, delayMs).unref();
  }

  /** Cancels the scheduled run, if any. */
  cancel(): void {
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.immediate = undefined;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
