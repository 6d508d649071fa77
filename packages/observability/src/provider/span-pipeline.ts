import type { SpanExporter } from '../export';
import { BUSY_TIMEOUT_MS, isBusyError } from '../storage';
import type { TraceStore } from '../storage';
import type { RecordingSpan } from '../tracer';
import type { ExitFlushable } from './exit-hooks';
import { SpanQueue } from './span-queue';

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

/** Busy timeout of background writes: a locked database costs the event loop at most this per attempt. */
export const WRITE_BUSY_TIMEOUT_MS = 25;
/** First wait before retrying a write that found the database locked; doubles up to the maximum. */
const BUSY_BACKOFF_MIN_MS = 50;
const BUSY_BACKOFF_MAX_MS = 1000;
/** Longest time `forceFlush()` waits for a locked database before returning (spans stay queued). */
export const FLUSH_BUSY_LIMIT_MS = 10_000;
/** After a failure streak ends, an exporter's next failure warns again only after this long. */
export const EXPORT_WARNING_INTERVAL_MS = 60_000;

/** `error` as text for a warning; never throws, whatever was thrown. */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`;
    return String(error);
  } catch {
    return 'an unprintable value';
  }
}

function codeOf(error: unknown): string | undefined {
  try {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

type WriteOutcome = 'written' | 'busy' | 'failed';

/**
 * Queue and background writer between ended spans and storage. Ending a span only appends it to
 * a bounded in-memory queue; a write is scheduled with `setImmediate` once `batchSize` spans are
 * queued (or after `flushIntervalMs`), and each event-loop turn commits one transaction of up to
 * `transactionSize` spans, converting and serializing them there, off the caller's path. A
 * database locked by another connection is waited for at most {@link WRITE_BUSY_TIMEOUT_MS} per
 * attempt; the batch stays queued and is retried with backoff.
 */
export class SpanPipeline implements ExitFlushable {
  private readonly queue: SpanQueue<RecordingSpan>;
  private readonly settings: PipelineSettings;
  private immediate: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private written = 0;
  private dropped = 0;
  private exportFailed = 0;
  /** When set, `add()` drops spans at once with this reason (shut down, or no usable store and no exporter). */
  private refusal: string | undefined;
  private closed = false;
  private warnedDrop = false;
  private warnedReopen = false;
  private storeFailure: string | undefined;
  private busyBackoffMs = 0;
  private busySinceMs: number | undefined;
  private readonly failingExporters = new Set<SpanExporter>();
  private readonly lastExportWarning = new Map<SpanExporter, number>();
  private readonly pendingExports = new Set<Promise<void>>();
  private readonly drainTick = (): void => this.drainOne();
  private readonly timerTick = (): void => {
    this.timer = undefined;
    this.drainOne();
  };

  constructor(settings: PipelineSettings) {
    this.settings = settings;
    this.queue = new SpanQueue(settings.maxQueueSize, settings.transactionSize);
    if (settings.storeError !== undefined) {
      this.storeFailure = `the trace database cannot be opened (${codeOf(settings.storeError) ?? 'error'}: ${describeError(settings.storeError)})`;
      this.refusal = this.storeFailure;
      this.warnDrop(0, this.storeFailure);
    }
  }

  /** Current counters. */
  get stats(): PipelineStats {
    return { queued: this.queue.length, written: this.written, dropped: this.dropped, exportFailed: this.exportFailed };
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
    if (this.immediate === undefined) {
      if (this.busySinceMs !== undefined) {
        // The database is locked: the retry is on a backoff timer, not on the next turn.
        if (this.timer === undefined) this.timer = setTimeout(this.timerTick, this.busyBackoffMs).unref();
      } else if (this.queue.length >= this.settings.batchSize) {
        this.immediate = setImmediate(this.drainTick);
      } else if (this.timer === undefined) {
        this.timer = setTimeout(this.timerTick, this.settings.flushIntervalMs).unref();
      }
    }
  }

  /**
   * Writes and exports everything queued, then waits for the exporters. A locked database is
   * waited for (without blocking the event loop) up to {@link FLUSH_BUSY_LIMIT_MS}; spans still
   * queued then stay queued. Never rejects.
   */
  async forceFlush(): Promise<void> {
    const deadline = Date.now() + FLUSH_BUSY_LIMIT_MS;
    let backoffMs = BUSY_BACKOFF_MIN_MS;
    while (this.queue.length > 0) {
      const outcome = this.writeNext(WRITE_BUSY_TIMEOUT_MS);
      if (outcome === 'busy') {
        if (Date.now() >= deadline) break;
        await new Promise((resolve) => setTimeout(resolve, Math.min(backoffMs, Math.max(1, deadline - Date.now()))));
        backoffMs = Math.min(backoffMs * 2, BUSY_BACKOFF_MAX_MS);
      } else {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await this.settleExports();
    await Promise.all(this.settings.exporters.map((exporter) => this.callExporter(exporter, 'forceFlush')));
  }

  /** Stops accepting spans, persists everything queued and shuts the exporters down. Never rejects. */
  async shutdown(): Promise<void> {
    this.closed = true;
    this.refusal = 'the tracer provider was shut down';
    this.cancelSchedule();
    await this.forceFlush();
    if (this.queue.length > 0)
      this.dropQueued(
        `${this.settings.store?.dbPath} stayed locked by another connection for the ${FLUSH_BUSY_LIMIT_MS / 1000} s shutdown waits`,
      );
    await Promise.all(this.settings.exporters.map((exporter) => this.callExporter(exporter, 'shutdown')));
  }

  flushSync(): void {
    this.cancelSchedule();
    // Only synchronous work is possible at exit: one attempt with the full busy timeout, then give up.
    while (this.queue.length > 0) {
      if (this.writeNext(BUSY_TIMEOUT_MS) === 'busy')
        this.dropQueued(`${this.settings.store?.dbPath} was locked by another connection when the process exited`);
    }
  }

  flushOnIdle(): void {
    if (this.queue.length > 0) {
      this.flushSync();
      void this.settleExports();
    }
  }

  private drainOne(): void {
    this.immediate = undefined;
    const outcome = this.writeNext(WRITE_BUSY_TIMEOUT_MS);
    if (this.queue.length === 0 || this.immediate !== undefined) return;
    if (outcome === 'busy') {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = setTimeout(this.timerTick, this.busyBackoffMs).unref();
    } else if (this.queue.length >= this.settings.batchSize) {
      this.immediate = setImmediate(this.drainTick);
    } else if (this.timer === undefined) {
      this.timer = setTimeout(this.timerTick, this.settings.flushIntervalMs).unref();
    }
  }

  /** Commits the oldest batch. On SQLITE_BUSY the batch goes back to the front of the queue. */
  private writeNext(busyTimeoutMs: number): WriteOutcome {
    const batch = this.queue.take();
    if (batch.length === 0) return 'written';
    const store = this.settings.store;
    if (store !== undefined) {
      if (this.storeFailure !== undefined) {
        this.drop(batch.length, this.storeFailure);
        return 'failed';
      }
      let reopened: boolean;
      try {
        reopened = store.reopenIfReplaced();
      } catch (error) {
        this.storeFailure = `${store.dbPath} was deleted or replaced while in use and cannot be opened again (${codeOf(error) ?? 'error'}: ${describeError(error)})`;
        if (!this.closed) this.refusal = this.storeFailure;
        this.drop(batch.length, this.storeFailure);
        return 'failed';
      }
      if (reopened) this.warnReopened(store.dbPath);
      try {
        store.writeSpans(batch, { busyTimeoutMs });
      } catch (error) {
        if (isBusyError(error)) {
          this.queue.putBack(batch);
          this.busySinceMs ??= Date.now();
          this.busyBackoffMs = Math.min(Math.max(this.busyBackoffMs * 2, BUSY_BACKOFF_MIN_MS), BUSY_BACKOFF_MAX_MS);
          return 'busy';
        }
        this.busySinceMs = undefined;
        this.busyBackoffMs = 0;
        const reason = `writing to ${store.dbPath} failed (${codeOf(error) ?? 'error'}: ${describeError(error)})`;
        if (codeOf(error) === 'STORE_CLOSED') {
          // The store was closed by its user: nothing can be written any more.
          this.storeFailure = reason;
          if (!this.closed) this.refusal = reason;
        }
        this.drop(batch.length, reason);
        return 'failed';
      }
      this.busySinceMs = undefined;
      this.busyBackoffMs = 0;
    }
    this.written += batch.length;
    this.export(batch);
    return 'written';
  }

  private export(batch: readonly RecordingSpan[]): void {
    for (const exporter of this.settings.exporters) {
      let result: unknown;
      try {
        result = exporter.export(batch);
      } catch (error) {
        this.exportFailure(exporter, batch.length, error, 'export()');
        continue;
      }
      const pending: Promise<void> = Promise.resolve(result)
        .then(
          () => void this.failingExporters.delete(exporter),
          (error: unknown) => this.exportFailure(exporter, batch.length, error, 'export()'),
        )
        .finally(() => this.pendingExports.delete(pending));
      this.pendingExports.add(pending);
    }
  }

  /** Calls an exporter's `forceFlush()` or `shutdown()`; a throw or rejection is reported, not passed on. */
  private async callExporter(exporter: SpanExporter, method: 'forceFlush' | 'shutdown'): Promise<void> {
    try {
      await exporter[method]?.();
    } catch (error) {
      this.exportFailure(exporter, 0, error, `${method}()`);
    }
  }

  /**
   * Counts spans an exporter failed to send and warns at the start of a failure streak: again only
   * after the exporter succeeded in between, and at most once per {@link EXPORT_WARNING_INTERVAL_MS}.
   */
  private exportFailure(exporter: SpanExporter, count: number, error: unknown, method: string): void {
    this.exportFailed += count;
    if (this.failingExporters.has(exporter)) return;
    this.failingExporters.add(exporter);
    const now = Date.now();
    const last = this.lastExportWarning.get(exporter);
    if (last !== undefined && now - last < EXPORT_WARNING_INTERVAL_MS) return;
    this.lastExportWarning.set(exporter, now);
    const lost = count > 0 ? `${count} span(s) not exported` : 'no span lost';
    process.emitWarning(
      `A span exporter's ${method} failed (${lost}): ${describeError(error)}. provider.stats.exportFailed counts every span an exporter failed to send; this warning repeats only after the exporter has recovered.`,
      { code: 'CLEARSTONE_EXPORT_FAILED' },
    );
  }

  private async settleExports(): Promise<void> {
    while (this.pendingExports.size > 0) await Promise.all(this.pendingExports);
  }

  private queueFullReason(): string {
    const full = `the queue is full (maxQueueSize ${this.settings.maxQueueSize})`;
    if (this.busySinceMs !== undefined)
      return `${full} while ${this.settings.store?.dbPath} is locked by another connection`;
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

  private warnReopened(dbPath: string): void {
    if (this.warnedReopen) return;
    this.warnedReopen = true;
    process.emitWarning(
      `The trace database ${dbPath} was deleted or replaced while in use; a new database was opened at the same path and spans are written there from now on (none was lost). This warning is shown once.`,
      { code: 'CLEARSTONE_DATABASE_REOPENED' },
    );
  }

  private cancelSchedule(): void {
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.immediate = undefined;
    this.timer = undefined;
  }
}
