import { InvalidArgumentError, recordComponentInitialized } from '@clearstone/core';
import type { Trace } from '@clearstone/core';
import { TraceStore } from '@clearstone/observability';
import { backtest } from '../backtest';
import type { BacktestOptions, BacktestResult, BacktestTarget } from '../backtest';
import { HarnessError } from '../errors';
import type { PolicyTestResult } from '../result';
import { simulatePolicy, simulateSpanPolicy } from '../simulate';
import type { SpanPolicy, TracePolicy } from '../trace-policy';
import { resolveQuery } from './load-options';
import type { IterateTracesOptions, LoadTracesOptions } from './load-options';
import { storePages } from './store-pages';
import { TraceFileReader } from './trace-file-reader';

/** Traces to analyse: given directly, or a query run against the harness's database. */
export type TraceSource = Iterable<Trace> | LoadTracesOptions;

function isTraceIterable(value: unknown): value is Iterable<Trace> {
  return (
    value !== null && typeof value === 'object' && typeof (value as Iterable<Trace>)[Symbol.iterator] === 'function'
  );
}

/**
 * Loads recorded traces from a Clearstone trace database and runs assertions, trace and span
 * policies, and real policy engines over them.
 *
 * A path is opened read-only; a missing file or one that is not a Clearstone trace database
 * raises a `TraceStoreError` (`DATABASE_NOT_FOUND`, `NOT_A_CLEARSTONE_DATABASE`, …) at once.
 * A `TraceStore` given is used as is and not closed by {@link close}.
 *
 * @example
 * ```ts
 * const harness = new PolicyTestHarness('traces.db');
 * const traces = harness.loadTraces({ limit: 50 });
 * console.log(harness.simulatePolicy(assertToolWasCalled('web_search'), traces).summary());
 * const result = await harness.backtest(new PolicyEngine({ policies }), { since: Date.now() - 7 * 86_400_000 });
 * console.log(result.summary().blockedTraceIds);
 * harness.close();
 * ```
 */
export class PolicyTestHarness {
  /** Path of the trace database, when the harness has one. */
  readonly dbPath: string | undefined;
  private store: TraceStore | undefined;
  private readonly ownsStore: boolean;
  private reader: TraceFileReader | undefined;
  private closed = false;

  /** @param dbPathOrStore - a database path, an open `TraceStore`, or nothing to analyse only traces passed in. */
  constructor(dbPathOrStore?: string | TraceStore) {
    recordComponentInitialized('PolicyTestHarness');
    if (dbPathOrStore === undefined) {
      this.ownsStore = false;
    } else if (typeof dbPathOrStore === 'string') {
      if (dbPathOrStore === '')
        throw new InvalidArgumentError({
          message: 'PolicyTestHarness: the database path is empty.',
          argument: 'dbPathOrStore',
        });
      this.store = new TraceStore(dbPathOrStore, { readonly: true });
      this.ownsStore = true;
    } else if (dbPathOrStore instanceof TraceStore || typeof (dbPathOrStore as TraceStore)?.getTrace === 'function') {
      this.store = dbPathOrStore;
      this.ownsStore = false;
    } else {
      throw new InvalidArgumentError({
        message: 'PolicyTestHarness expects a database path or a TraceStore.',
        argument: 'dbPathOrStore',
      });
    }
    this.dbPath = this.store?.dbPath;
  }

  private requireStore(): TraceStore {
    if (this.closed) throw new HarnessError({ message: 'This PolicyTestHarness is closed.', code: 'HARNESS_CLOSED' });
    if (this.store === undefined) {
      throw new HarnessError({
        message:
          'This PolicyTestHarness has no trace database: pass traces directly, or create it with a database path.',
        code: 'NO_TRACE_DATABASE',
      });
    }
    return this.store;
  }

  /**
   * Recorded traces, newest first (by root start), each with its spans in start order.
   * `limit` defaults to 100; use {@link iterateTraces} for large runs.
   */
  loadTraces(options: LoadTracesOptions = {}): Trace[] {
    return [...this.iterateTraces({ ...options, limit: options.limit ?? 100 })];
  }

  /**
   * Streams recorded traces in the order of {@link loadTraces}, reading `batchSize` traces from
   * SQLite at a time, so memory stays bounded however many traces match. No limit by default.
   */
  iterateTraces(options: IterateTracesOptions = {}): Generator<Trace, void, undefined> {
    const store = this.requireStore();
    const query = resolveQuery(options, Number.POSITIVE_INFINITY);
    if (store.dbPath === ':memory:' || store.dbPath === '') return storePages(store, query);
    this.reader ??= new TraceFileReader(store.dbPath);
    return this.reader.traces(query);
  }

  /** One recorded trace by id, or undefined. */
  getTrace(traceId: string): Trace | undefined {
    return this.requireStore().getTrace(traceId);
  }

  private traces(source: TraceSource): Iterable<Trace> {
    if (isTraceIterable(source)) return source;
    if (source !== null && typeof source === 'object') return this.iterateTraces(source);
    throw new InvalidArgumentError({
      message: 'Pass traces (an array or iterable) or a query { limit?, since?, until?, filter? }.',
      argument: 'traces',
    });
  }

  /** Runs a trace-level policy (e.g. an assertion) on each trace; see the standalone `simulatePolicy`. */
  simulatePolicy(policy: TracePolicy, traces: TraceSource): PolicyTestResult {
    return simulatePolicy(policy, this.traces(traces));
  }

  /** Runs a span-level policy on every span; see the standalone `simulateSpanPolicy`. */
  simulateSpanPolicy(policy: SpanPolicy, traces: TraceSource): PolicyTestResult {
    return simulateSpanPolicy(policy, this.traces(traces));
  }

  /** Replays recorded tool and model calls through a policy engine; see the standalone `backtest`. A query is streamed. */
  backtest(
    engineOrPolicies: BacktestTarget,
    traces: TraceSource | AsyncIterable<Trace>,
    options?: BacktestOptions,
  ): Promise<BacktestResult> {
    const source =
      typeof (traces as AsyncIterable<Trace>)?.[Symbol.asyncIterator] === 'function'
        ? (traces as AsyncIterable<Trace>)
        : this.traces(traces as TraceSource);
    return backtest(engineOrPolicies, source, options);
  }

  /** Closes the database connections the harness opened. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.reader?.close();
    if (this.ownsStore) this.store?.close();
  }

  /** Same as {@link close}, for `using harness = new PolicyTestHarness(path)`. */
  [Symbol.dispose](): void {
    this.close();
  }
}
