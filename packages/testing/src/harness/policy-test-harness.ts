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
import type { IterateTracesOptions, LoadTracesOptions, ResolvedQuery } from './load-options';

/** Traces to analyse: given directly, or a query streamed from the harness's database. */
export type TraceSource = Iterable<Trace> | IterateTracesOptions;

/** The traces of `traces` that pass the query's predicate, up to its limit. */
function* limited(traces: Iterable<Trace>, query: ResolvedQuery): Generator<Trace, void, undefined> {
  if (query.limit === 0) return;
  let yielded = 0;
  for (const trace of traces) {
    if (query.accepts !== undefined && !query.accepts(trace)) continue;
    yield trace;
    if (++yielded >= query.limit) return;
  }
}

function isStoreLike(value: unknown): value is TraceStore {
  const store = value as Partial<TraceStore> | null;
  return typeof store?.getTrace === 'function' && typeof store.iterateTraces === 'function';
}

function isTraceIterable(value: unknown): value is Iterable<Trace> {
  return (
    value !== null && typeof value === 'object' && typeof (value as Iterable<Trace>)[Symbol.iterator] === 'function'
  );
}

/**
 * Loads recorded traces from a Clearstone trace database and runs assertions, trace and span
 * policies, and real policy engines over them. Traces are read through `TraceStore` only
 * (`iterateTraces`, `getTrace`), a page at a time.
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
    } else if (dbPathOrStore instanceof TraceStore || isStoreLike(dbPathOrStore)) {
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
   * Streams recorded traces in the order of {@link loadTraces} through `TraceStore.iterateTraces`,
   * `batchSize` traces at a time, so memory stays bounded however many traces match. No limit by
   * default. Bad options throw here, at the call.
   */
  iterateTraces(options: IterateTracesOptions = {}): Generator<Trace, void, undefined> {
    const store = this.requireStore();
    const query = resolveQuery(options, Number.POSITIVE_INFINITY);
    return limited(store.iterateTraces(query.store), query);
  }

  /** One recorded trace by id, or undefined. */
  getTrace(traceId: string): Trace | undefined {
    return this.requireStore().getTrace(traceId);
  }

  private traces(source: TraceSource): Iterable<Trace> {
    if (isTraceIterable(source)) return source;
    if (source !== null && typeof source === 'object') return this.iterateTraces(source);
    throw new InvalidArgumentError({
      message: 'Pass traces (an array or iterable) or a query { limit?, since?, until?, filter?, batchSize? }.',
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

  /**
   * Replays recorded tool and model calls through a policy engine; see the standalone `backtest`.
   * A query is streamed, reading only what the replay needs (`spanFields: 'replay'`) unless the
   * query's filter or the backtest's `metadata` is a function (which may read any part of a trace)
   * or the query says `spanFields: 'full'`.
   */
  backtest(
    engineOrPolicies: BacktestTarget,
    traces: TraceSource | AsyncIterable<Trace>,
    options?: BacktestOptions,
  ): Promise<BacktestResult> {
    const source =
      typeof (traces as AsyncIterable<Trace>)?.[Symbol.asyncIterator] === 'function'
        ? (traces as AsyncIterable<Trace>)
        : this.traces(replayQuery(traces as TraceSource, options));
    return backtest(engineOrPolicies, source, options);
  }

  /** Closes the trace store the harness opened (not one given to it). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsStore) this.store?.close();
  }

  /** Same as {@link close}, for `using harness = new PolicyTestHarness(path)`. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * A backtest's query reads spans with `spanFields: 'replay'` unless it chooses, its filter is a
 * predicate, or the backtest computes metadata from the traces: those see whole traces.
 */
function replayQuery(source: TraceSource, options: BacktestOptions | undefined): TraceSource {
  if (isTraceIterable(source) || source === null || typeof source !== 'object') return source;
  const query = source;
  if (query.spanFields !== undefined || typeof query.filter === 'function') return source;
  if (typeof options?.metadata === 'function') return source;
  return { ...query, spanFields: 'replay' };
}
