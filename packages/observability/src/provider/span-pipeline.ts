import type { SpanExporter } from '../export';
import { isBusyError } from '../storage';
import type { TraceStore } from '../storage';
import type { RecordingSpan } from '../tracer';
import type { ExitFlushable } from './exit-hooks';
import { SpanQueue } from './span-queue';

/** Counters of a provider's pipeline. */
export interface PipelineStats {
  /** Spans ended and waiting to be written. */
  queued: number;
  /** Spans committed to SQLite (and handed to the exporters). */
  written: number;
  /** Spans lost: queue full, ended after shutdown, or a write that failed for good. Each loss also warns once. */
  dropped: number;
}

/** Settings of a {@link SpanPipeline}. */
export interface PipelineSettings {
  store: TraceStore | undefined;
  exporters: readonly SpanExporter[];
  batchSize: number;
  transactionSize: number;
  flushIntervalMs: number;
  maxQueueSize: number;
}

const BUSY_RETRY_MS = 50;
const MAX_BUSY_ATTEMPTS = 10;

/**
 * Queue and background writer between ended spans and storage. Ending a span only appends it to
 * a bounded in-memory queue; a write is scheduled with `setImmediate` once `batchSize` spans are
 * queued (or after `flushIntervalMs`), and each event-loop turn commits one transaction of up to
 * `transactionSize` spans, converting and serializing them there, off the caller's path.
 */
export class SpanPipeline implements ExitFlushable {
  private readonly queue: SpanQueue<RecordingSpan>;
  private readonly settings: PipelineSettings;
  private immediate: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private written = 0;
  private dropped = 0;
  private busyAttempts = 0;
  private closed = false;
  private warnedDrop = false;
  private readonly pendingExports = new Set<Promise<void>>();
  private readonly drainTick = (): void => this.drainOne();
  private readonly timerTick = (): void => {
    this.timer = undefined;
    this.drainOne();
  };

  constructor(settings: PipelineSettings) {
    this.settings = settings;
    this.queue = new SpanQueue(settings.maxQueueSize, settings.transactionSize);
  }

  /** Current counters. */
  get stats(): PipelineStats {
    return { queued: this.queue.length, written: this.written, dropped: this.dropped };
  }

  /** Queues an ended span. The hot path: no I/O, no serialization. */
  add(span: RecordingSpan): void {
    if (this.closed) {
      this.drop(1, 'the tracer provider was shut down');
      return;
    }
    if (!this.queue.push(span)) {
      this.drop(1, `the queue is full (maxQueueSize ${this.settings.maxQueueSize}); spans are ended faster than SQLite commits them`);
      return;
    }
    if (this.immediate === undefined) {
      if (this.queue.length >= this.settings.batchSize) this.immediate = setImmediate(this.drainTick);
      else if (this.timer === undefined) this.timer = setTimeout(this.timerTick, this.settings.flushIntervalMs).unref();
    }
  }

  /** Writes and exports everything queued, then waits for the exporters. */
  async forceFlush(): Promise<void> {
    while (this.queue.length > 0) {
      const outcome = this.writeNext();
      await new Promise((resolve) => (outcome === 'busy' ? setTimeout(resolve, BUSY_RETRY_MS) : setImmediate(resolve)));
    }
    await this.settleExports();
    await Promise.all(this.settings.exporters.map((exporter) => exporter.forceFlush?.()));
  }

  /** Stops accepting spans, persists everything queued and shuts the exporters down. */
  async shutdown(): Promise<void> {
    this.closed = true;
    this.cancelSchedule();
    await this.forceFlush();
    await Promise.all(this.settings.exporters.map((exporter) => exporter.shutdown()));
  }

  flushSync(): void {
    this.cancelSchedule();
    while (this.queue.length > 0) this.writeNext();
  }

  flushOnIdle(): void {
    if (this.queue.length > 0) {
      this.flushSync();
      void this.settleExports();
    }
  }

  private drainOne(): void {
    this.immediate = undefined;
    const outcome = this.writeNext();
    if (this.queue.length === 0 || this.immediate !== undefined) return;
    if (outcome === 'busy') {
      if (this.timer === undefined) this.timer = setTimeout(this.timerTick, BUSY_RETRY_MS).unref();
    } else if (this.queue.length >= this.settings.batchSize) {
      this.immediate = setImmediate(this.drainTick);
    } else if (this.timer === undefined) {
      this.timer = setTimeout(this.timerTick, this.settings.flushIntervalMs).unref();
    }
  }

  /** Commits the oldest batch. On SQLITE_BUSY the batch goes back to the front of the queue. */
  private writeNext(): 'written' | 'busy' | 'failed' {
    const batch = this.queue.take();
    if (batch.length === 0) return 'written';
    try {
      this.settings.store?.writeSpans(batch);
    } catch (error) {
      if (isBusyError(error) && ++this.busyAttempts < MAX_BUSY_ATTEMPTS) {
        this.queue.putBack(batch);
        return 'busy';
      }
      this.busyAttempts = 0;
      this.drop(batch.length, `writing to ${this.settings.store?.dbPath} failed: ${(error as Error).message}`);
      return 'failed';
    }
    this.busyAttempts = 0;
    this.written += batch.length;
    this.export(batch);
    return 'written';
  }

  private export(batch: readonly RecordingSpan[]): void {
    for (const exporter of this.settings.exporters) {
      const pending: Promise<void> = exporter
        .export(batch)
        .catch((error: unknown) => process.emitWarning(`A span exporter failed: ${String(error)}`, { code: 'CLEARSTONE_EXPORT_FAILED' }))
        .finally(() => this.pendingExports.delete(pending));
      this.pendingExports.add(pending);
    }
  }

  private async settleExports(): Promise<void> {
    while (this.pendingExports.size > 0) await Promise.all(this.pendingExports);
  }

  private drop(count: number, reason: string): void {
    this.dropped += count;
    if (this.warnedDrop) return;
    this.warnedDrop = true;
    process.emitWarning(`Clearstone dropped ${count} span(s): ${reason}. provider.stats.dropped counts every loss (this warning is shown once).`, { code: 'CLEARSTONE_SPANS_DROPPED' });
  }

  private cancelSchedule(): void {
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.immediate = undefined;
    this.timer = undefined;
  }
}
