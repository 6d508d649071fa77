import type { SpanExporter } from '../export';
import { BUSY_TIMEOUT_MS } from '../storage';
import type { TraceStore } from '../storage';
import type { RecordingSpan } from '../tracer';
import type { ExitFlushable } from './exit-hooks';
import { ExporterFanOut } from './exporter-fan-out';
import { FlushScheduler } from './flush-scheduler';
import { SpanQueue } from './span-queue';
import { StoreWriter, WRITE_BUSY_TIMEOUT_MS } from './store-writer';

export { EXPORT_WARNING_INTERVAL_MS } from './exporter-fan-out';
export { WRITE_BUSY_TIMEOUT_MS } from './store-writer';
export { describeError } from './describe-error';

/** Counters of a provider's pipeline. */
export interface PipelineStats {
  /** Spans ended and waiting to be written. */
  queued: number;
  /** Spans committed to SQLite (and handed to the exporters); with `dbPath: null`, spans handed to the exporters. */
  written: number;
  /**
   * Spans never stored: the queue was full, they ended after shutdown, the database could not be
   * opened or written (read-only, full disk, deleted and not re-creatable), or it stayed locked
   * past the shutdown wait. The first loss warns once (`CLEARSTONE_SPANS_DROPPED`).
   */
  dropped: number;
  /**
   * Spans an exporter failed to send (its `export()` rejected or threw), counted once per failing
   * exporter: a batch of 50 refused by two exporters adds 100. They are still counted in `written`
   * when SQLite has them. Exporters that queue and retry on their own, like `OtlpHttpExporter`,
   * count their losses in their own stats.
   */
  exportFailed: number;
}

/**
 * What `forceFlush()` and `shutdown()` resolve to: where every span ended so far went. All counts
 * are totals since the provider was created. Nothing was lost when `dropped` and `failed` are 0
 * (and, after `forceFlush()`, `queued` is 0).
 *
 * @example
 * ```ts
 * const receipt = await provider.shutdown();
 * if (receipt.dropped > 0 || receipt.failed > 0) console.error('spans were lost', receipt);
 * ```
 */
export interface FlushReceipt {
  /** Spans committed to the SQLite trace database (0 with `dbPath: null`). */
  persisted: number;
  /**
   * Spans delivered by the exporters, once per exporter: for an exporter that sends on its own,
   * like `OtlpHttpExporter`, the spans its destination accepted; for others, the spans whose
   * `export()` resolved.
   */
  exported: number;
  /**
   * Spans never stored: the queue was full, they ended after shutdown, or the database could not
   * be opened or written, or stayed locked past the shutdown wait (`stats.dropped`).
   */
  dropped: number;
  /**
   * Spans the exporters failed to deliver, once per exporter: rejected or thrown `export()` calls,
   * plus what an exporter that sends on its own reports as dropped.
   */
  failed: number;
  /**
   * Spans still waiting to be written: 0 after `shutdown()`; after `forceFlush()`, the spans kept
   * queued because the database stayed locked by another connection for the whole wait.
   */
  queued: number;
}

/** Settings of a {@link SpanPipeline}. */
export interface PipelineSettings {
  store: TraceStore | undefined;
  /** Why the store could not be opened, when `dbPath` was set but unusable: spans are dropped. */
  storeError?: unknown;
  exporters: readonly SpanExporter[];
  batchSize: number;
  transactionSize: number;
  flushIntervalMs: number;
  maxQueueSize: number;
}

/** Longest time `forceFlush()` waits for a locked database before returning (spans stay queued). */
export const FLUSH_BUSY_LIMIT_MS = 10_000;

/**
 * Between ended spans and storage: a bounded queue, a {@link FlushScheduler} that decides when the
 * next write runs, one {@link StoreWriter} (with the one backoff for a locked database), and an
 * {@link ExporterFanOut} that hands written batches to the exporters. Ending a span only appends
 * it to the queue; a write runs on the next event-loop turn once `batchSize` spans are queued (or
 * after `flushIntervalMs`, or after the backoff while the database is locked), and each run commits
 * one transaction of up to `transactionSize` spans, converting and serializing them there, off the
 * caller's path.
 */
export class SpanPipeline implements ExitFlushable {
  private readonly queue: SpanQueue<RecordingSpan>;
  private readonly settings: PipelineSettings;
  private readonly scheduler: FlushScheduler;
  private readonly writer: StoreWriter;
  private readonly exporters: ExporterFanOut;
  private written = 0;
  private dropped = 0;
  private warnedDrop = false;
  /** When set, `add()` drops spans at once with this reason (shut down, or a store that can never be written). */
  private refusal: string | undefined;

  constructor(settings: PipelineSettings) {
    this.settings = settings;
    this.queue = new SpanQueue(settings.maxQueueSize, settings.transactionSize);
    this.scheduler = new FlushScheduler(() => this.drain());
    this.writer = new StoreWriter(settings.store, settings.storeError);
    this.exporters = new ExporterFanOut(settings.exporters);
    const failure = this.writer.permanentFailure;
    if (failure !== undefined) {
      this.refusal = failure;
      this.warnDrop(0, failure);
    }
  }

  /** Current counters. */
  get stats(): PipelineStats {
    return {
      queued: this.queue.length,
      written: this.written,
      dropped: this.dropped,
      exportFailed: this.exporters.exportFailed,
    };
  }

  /** Where every span ended so far went. */
  get receipt(): FlushReceipt {
    return {
      persisted: this.writer.persisted,
      exported: this.exporters.exported,
      dropped: this.dropped,
      failed: this.exporters.failed,
      queued: this.queue.length,
    };
  }

  /** Queues an ended span. The hot path: no I/O, no serialization. */
  add(span: RecordingSpan): void {
    if (this.refusal !== undefined) {
      this.drop(1, this.refusal);
      return;
    }
    if (!this.queue.push(span)) {
      this.drop(1, this.queueFullReason());
      return;
    }
    if (this.scheduler.idle || this.queue.length === this.settings.batchSize) this.schedule();
  }

  /**
   * Writes and exports everything queued, then waits for the exporters. A locked database is
   * waited for (without blocking the event loop, retrying with the writer's backoff) up to
   * {@link FLUSH_BUSY_LIMIT_MS}; spans still queued then stay queued. Never rejects.
   */
  async forceFlush(): Promise<FlushReceipt> {
    await this.writeQueued();
    await this.exporters.finish('forceFlush');
    return this.receipt;
  }

  /** Stops accepting spans, persists everything queued and shuts the exporters down. Never rejects. */
  async shutdown(): Promise<FlushReceipt> {
    this.refusal = 'the tracer provider was shut down';
    this.scheduler.cancel();
    await this.writeQueued();
    if (this.queue.length > 0)
      this.dropQueued(
        `${this.writer.dbPath} stayed locked by another connection for the ${FLUSH_BUSY_LIMIT_MS / 1000} s shutdown waits`,
      );
    await this.exporters.finish('shutdown');
    return this.receipt;
  }

  flushSync(): void {
    this.scheduler.cancel();
    // Only synchronous work is possible at exit: one attempt with the full busy timeout, then give up.
    while (this.queue.length > 0) {
      if (!this.writeNext(BUSY_TIMEOUT_MS))
        this.dropQueued(`${this.writer.dbPath} was locked by another connection when the process exited`);
    }
  }

  flushOnIdle(): void {
    if (this.queue.length > 0) {
      this.flushSync();
      void this.exporters.settle();
    }
  }

  /** The one place that decides when the next background write runs. */
  private schedule(): void {
    if (this.queue.length === 0) return;
    if (this.writer.backoff.active) this.scheduler.after(this.writer.backoff.delayMs);
    else if (this.queue.length >= this.settings.batchSize) this.scheduler.soon();
    else this.scheduler.after(this.settings.flushIntervalMs);
  }

  /** A scheduled run: one transaction, then the next run is planned. */
  private drain(): void {
    this.writeNext(WRITE_BUSY_TIMEOUT_MS);
    this.schedule();
  }

  /** Writes batches until the queue is empty, yielding between them, within the busy limit. */
  private async writeQueued(): Promise<void> {
    const deadline = Date.now() + FLUSH_BUSY_LIMIT_MS;
    while (this.queue.length > 0) {
      if (this.writeNext(WRITE_BUSY_TIMEOUT_MS)) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.writer.backoff.delayMs, left)));
    }
  }

  /**
   * Commits the oldest batch and hands it to the exporters. False when the database was locked:
   * the batch is back at the front of the queue. A batch that failed for good is dropped.
   */
  private writeNext(busyTimeoutMs: number): boolean {
    const batch = this.queue.take();
    if (batch.length === 0) return true;
    const outcome = this.writer.write(batch, busyTimeoutMs);
    if (outcome.status === 'busy') {
      this.queue.putBack(batch);
      return false;
    }
    if (outcome.status === 'failed') {
      if (this.writer.permanentFailure !== undefined) this.refusal ??= this.writer.permanentFailure;
      this.drop(batch.length, outcome.reason);
      return true;
    }
    this.written += batch.length;
    this.exporters.export(batch);
    return true;
  }

  private queueFullReason(): string {
    const full = `the queue is full (maxQueueSize ${this.settings.maxQueueSize})`;
    if (this.writer.backoff.active) return `${full} while ${this.writer.dbPath} is locked by another connection`;
    return `${full}; spans are ended faster than SQLite commits them`;
  }

  private dropQueued(reason: string): void {
    let batch = this.queue.take();
    while (batch.length > 0) {
      this.drop(batch.length, reason);
      batch = this.queue.take();
    }
  }

  private drop(count: number, reason: string): void {
    this.dropped += count;
    this.warnDrop(count, reason);
  }

  private warnDrop(count: number, reason: string): void {
    if (this.warnedDrop) return;
    this.warnedDrop = true;
    const what = count === 0 ? 'Clearstone will drop spans' : `Clearstone dropped ${count} span(s)`;
    process.emitWarning(`${what}: ${reason}. provider.stats.dropped counts every loss (this warning is shown once).`, {
      code: 'CLEARSTONE_SPANS_DROPPED',
    });
  }
}
