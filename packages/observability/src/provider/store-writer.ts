import { isBusyError } from '../storage';
import type { TraceStore } from '../storage';
import type { RecordingSpan } from '../tracer';
import { Backoff } from './backoff';
import { codeOf, describeError } from './describe-error';

/** Busy timeout of background writes: a locked database costs the event loop at most this per attempt. */
export const WRITE_BUSY_TIMEOUT_MS = 25;
/** First wait before retrying a write that found the database locked; doubles up to the maximum. */
export const BUSY_BACKOFF_MIN_MS = 50;
/** Longest wait between two attempts on a locked database. */
export const BUSY_BACKOFF_MAX_MS = 1000;

/** What became of a batch handed to {@link StoreWriter.write}. */
export type WriteOutcome =
  /** Committed (or, without a store, nothing to commit): the batch goes on to the exporters. */
  | { readonly status: 'written' }
  /** The database is locked by another connection: nothing was written, retry after `backoff.delayMs`. */
  | { readonly status: 'busy' }
  /** Nothing was written and the batch is lost, for `reason`. */
  | { readonly status: 'failed'; readonly reason: string };

const WRITTEN: WriteOutcome = { status: 'written' };
const BUSY: WriteOutcome = { status: 'busy' };

/**
 * The one writer of a provider's spans to its {@link TraceStore}. It owns the store's failure
 * state — a failure that no retry can fix (the file cannot be opened or re-created, or the store
 * was closed by its user) sticks, and every later batch fails at once with its reason — and the
 * one {@link Backoff} of writes refused by a locked database.
 */
export class StoreWriter {
  /** Spans committed to SQLite. */
  persisted = 0;
  /** Backoff of writes refused by a locked database (also paces `forceFlush()`'s retries). */
  readonly backoff = new Backoff(BUSY_BACKOFF_MIN_MS, BUSY_BACKOFF_MAX_MS);
  private readonly store: TraceStore | undefined;
  private failure: string | undefined;
  private warnedReopen = false;

  /** `storeError`: why the store could not be opened, when `dbPath` was set but unusable. */
  constructor(store: TraceStore | undefined, storeError?: unknown) {
    this.store = store;
    if (storeError !== undefined)
      this.failure = `the trace database cannot be opened (${codeOf(storeError) ?? 'error'}: ${describeError(storeError)})`;
  }

  /** Path of the database written, if any. */
  get dbPath(): string | undefined {
    return this.store?.dbPath;
  }

  /** Why every write fails from now on, or undefined while writes can succeed. */
  get permanentFailure(): string | undefined {
    return this.failure;
  }

  /** Commits `batch` in one transaction, waiting at most `busyTimeoutMs` for another connection's lock. */
  write(batch: readonly RecordingSpan[], busyTimeoutMs: number): WriteOutcome {
    const store = this.store;
    if (store === undefined) return WRITTEN;
    if (this.failure === undefined && store.closed)
      this.failure = `the trace store for ${store.dbPath} was closed (traceStore.close()) while the provider was still writing`;
    if (this.failure !== undefined) return { status: 'failed', reason: this.failure };
    try {
      if (store.reopenIfReplaced()) this.warnReopened(store.dbPath);
    } catch (error) {
      this.failure = `${store.dbPath} was deleted or replaced while in use and cannot be opened again (${codeOf(error) ?? 'error'}: ${describeError(error)})`;
      return { status: 'failed', reason: this.failure };
    }
    try {
      store.writeSpans(batch, { busyTimeoutMs });
    } catch (error) {
      if (isBusyError(error)) {
        this.backoff.fail();
        return BUSY;
      }
      this.backoff.reset();
      return {
        status: 'failed',
        reason: `writing to ${store.dbPath} failed (${codeOf(error) ?? 'error'}: ${describeError(error)})`,
      };
    }
    this.backoff.reset();
    this.persisted += batch.length;
    return WRITTEN;
  }

  private warnReopened(dbPath: string): void {
    if (this.warnedReopen) return;
    this.warnedReopen = true;
    process.emitWarning(
      `The trace database ${dbPath} was deleted or replaced while in use; a new database was opened at the same path and spans are written there from now on (none was lost). This warning is shown once.`,
      { code: 'CLEARSTONE_DATABASE_REOPENED' },
    );
  }
}
