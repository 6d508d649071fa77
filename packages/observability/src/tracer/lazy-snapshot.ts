import { captureSnapshot } from '@clearstone/core';
import type { Snapshot } from '@clearstone/core';

/**
 * A value to snapshot. Immutable values (primitives) are serialized later, off the caller's path,
 * when the span is written; objects are captured at once, because the caller may mutate them
 * after handing them over (message arrays, state objects).
 */
export class LazySnapshot {
  private snapshot: Snapshot | undefined;
  private readonly value: unknown;
  private readonly maxBytes: number;

  constructor(value: unknown, maxBytes: number) {
    this.maxBytes = maxBytes;
    if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
      this.snapshot = captureSnapshot(value, { maxBytes });
    } else {
      this.value = value;
    }
  }

  /** The snapshot, serializing now if it was deferred. */
  resolve(): Snapshot {
    return (this.snapshot ??= captureSnapshot(this.value, { maxBytes: this.maxBytes }));
  }
}
