/**
 * A FIFO of finished spans, bounded by `capacity`, kept as chunks of at most `chunkSize` so that
 * taking a batch is O(1) and each batch is one write transaction.
 */
export class SpanQueue<T> {
  /** Items queued. */
  length = 0;
  private chunks: T[][] = [[]];
  private readonly capacity: number;
  private readonly chunkSize: number;

  constructor(capacity: number, chunkSize: number) {
    this.capacity = capacity;
    this.chunkSize = chunkSize;
  }

  /** Appends `item`; false (nothing queued) when the queue is full. */
  push(item: T): boolean {
    if (this.length >= this.capacity) return false;
    let tail = this.chunks[this.chunks.length - 1];
    if (tail.length >= this.chunkSize) {
      tail = [];
      this.chunks.push(tail);
    }
    tail.push(item);
    this.length++;
    return true;
  }

  /** Removes and returns the oldest chunk (empty when the queue is empty). */
  take(): T[] {
    const head = this.chunks[0];
    if (this.chunks.length === 1) this.chunks[0] = [];
    else this.chunks.shift();
    this.length -= head.length;
    return head;
  }

  /** Puts a taken batch back at the front (after a failed write), even past capacity. */
  putBack(batch: T[]): void {
    if (batch.length === 0) return;
    this.chunks.unshift(batch);
    this.length += batch.length;
  }
}
