import type { OutputStream } from '../cli/cli-io';

const WIDTH = 30;
const REDRAW_MS = 100;
const SHOW_AFTER_MS = 500;

/**
 * A one-line progress bar on a terminal (`[######------] 120/500 traces`) for long runs: shown
 * once the run has taken half a second, redrawn at most every 100 ms, erased when done. Does
 * nothing when the stream is not a terminal.
 */
export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;
  private readonly startedAt: number;

  constructor(
    private readonly stream: OutputStream,
    private readonly total: number,
    private readonly label: string,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  /** Whether the bar draws anything. */
  get active(): boolean {
    return this.stream.isTTY === true && this.total > 0;
  }

  /** Shows `done` of the total. */
  update(done: number): void {
    if (!this.active) return;
    const time = this.now();
    if (time - this.startedAt < SHOW_AFTER_MS) return;
    if (this.drawn && time - this.lastDraw < REDRAW_MS && done < this.total) return;
    this.lastDraw = time;
    this.drawn = true;
    const filled = Math.round((Math.min(done, this.total) / this.total) * WIDTH);
    this.stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${this.total} ${this.label}`);
  }

  /** Erases the bar. */
  finish(): void {
    if (this.drawn) this.stream.write('\r\u001b[2K');
    this.drawn = false;
  }
}

/** Yields `items` unchanged, moving `bar` forward after each. */
export function* withProgress<T>(items: Iterable<T>, bar: ProgressBar): Generator<T> {
  let done = 0;
  try {
    for (const item of items) {
      yield item;
      bar.update(++done);
    }
  } finally {
    bar.finish();
  }
}
