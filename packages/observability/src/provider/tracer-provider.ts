import type { TracerOptions, TracerProvider as OtelTracerProvider } from '@opentelemetry/api';
import { ClearstoneError, recordComponentInitialized } from '@clearstone/core';
import { TraceStoreError } from '../errors';
import { TraceStore } from '../storage';
import { Tracer } from '../tracer';
import type { RecordingSpan, SpanOwner } from '../tracer';
import { registerExitFlush, unregisterExitFlush } from './exit-hooks';
import { resolveProviderOptions } from './provider-options';
import type { TracerProviderOptions } from './provider-options';
import { describeError } from './describe-error';
import { SpanPipeline } from './span-pipeline';
import type { FlushReceipt, PipelineStats } from './span-pipeline';

/** Most spans committed in one SQLite transaction when many are queued (see the README's benchmarks). */
const TRANSACTION_SIZE = 2000;

/**
 * Entry point of tracing: hands out tracers and persists their spans to SQLite in the background.
 * Everything queued is written by `forceFlush()`, `shutdown()`, and at normal process exit. It is
 * an OpenTelemetry API `TracerProvider`: after `registerGlobal(provider)`, code instrumented with
 * `@opentelemetry/api` records into it.
 *
 * @example
 * ```ts
 * const provider = new TracerProvider({ dbPath: 'traces.db' });
 * const tracer = provider.getTracer('my-agent', '1.0.0');
 * const traceId = await tracer.span('agent.run', async (root) => {
 *   await tracer.span('tool.search', { attributes: { 'gen_ai.tool.name': 'search' } }, () => search());
 *   return root.traceId;
 * });
 * await provider.shutdown();
 * console.log(provider.traceStore.getTrace(traceId)?.spans.length); // 2
 * ```
 */
export class TracerProvider implements OtelTracerProvider {
  /** SQLite file the spans go to, or null. */
  readonly dbPath: string | null;
  private readonly store: TraceStore | undefined;
  private readonly pipeline: SpanPipeline;
  private readonly tracers = new Map<string, Tracer>();
  private readonly storeError: TraceStoreError | undefined;
  private readonly owner: Omit<SpanOwner, 'instrumentationName' | 'instrumentationVersion'>;

  /**
   * Opens (creating or migrating) the database at once. Options of the wrong type or range throw an
   * `InvalidArgumentError`. A database that cannot be opened (read-only, unwritable directory, full
   * disk, not a Clearstone database) does not: the provider drops and counts spans and warns once
   * (`CLEARSTONE_SPANS_DROPPED`), unless `strict: true`, which throws the `TraceStoreError`.
   */
  constructor(options: TracerProviderOptions = {}) {
    recordComponentInitialized('TracerProvider');
    const resolved = resolveProviderOptions(options);
    this.dbPath = resolved.dbPath;
    let store: TraceStore | undefined;
    if (resolved.dbPath !== null) {
      try {
        store = new TraceStore(resolved.dbPath);
      } catch (error) {
        if (resolved.strict) throw error;
        this.storeError = asTraceStoreError(error, resolved.dbPath);
      }
    }
    this.store = store;
    this.pipeline = new SpanPipeline({
      ...resolved,
      store,
      storeError: this.storeError,
      transactionSize: Math.max(resolved.batchSize, TRANSACTION_SIZE),
    });
    const pipeline = this.pipeline;
    this.owner = {
      maxSnapshotBytes: resolved.maxSnapshotBytes,
      attributeValueLengthLimit: resolved.attributeValueLengthLimit,
      attributeCountLimit: resolved.attributeCountLimit,
      onEnd: (span: RecordingSpan) => pipeline.add(span),
    };
    registerExitFlush(this.pipeline);
  }

  /**
   * The store spans are written to; it stays open after `shutdown()` for reading. Throws a
   * `TraceStoreError`: `NO_TRACE_STORE` with `dbPath: null`, or the error that kept the database
   * from opening (e.g. `DATABASE_NOT_WRITABLE`).
   */
  get traceStore(): TraceStore {
    if (this.storeError !== undefined) throw this.storeError;
    if (this.store === undefined)
      throw new TraceStoreError({
        message: 'This TracerProvider was created with dbPath: null and has no trace store.',
        code: 'NO_TRACE_STORE',
        path: '',
      });
    return this.store;
  }

  /** Counters: spans queued, written, dropped, and spans exporters failed to send. */
  get stats(): PipelineStats {
    return this.pipeline.stats;
  }

  /**
   * The tracer for an instrumentation scope; the same object for the same name and version. Also
   * OpenTelemetry's `getTracer` (its `options.schemaUrl` is not recorded).
   */
  getTracer(name: string, version?: string, _options?: TracerOptions): Tracer {
    const key = version === undefined ? name : `${name}\u0000${version}`;
    let tracer = this.tracers.get(key);
    if (tracer === undefined) {
      tracer = new Tracer({ ...this.owner, instrumentationName: name, instrumentationVersion: version });
      this.tracers.set(key, tracer);
    }
    return tracer;
  }

  /**
   * Writes everything queued and waits for the exporters, then resolves to a {@link FlushReceipt}:
   * spans persisted, exported, dropped and failed so far, and any still queued. Never rejects: a
   * database locked by another connection is waited for up to 10 s (spans still queued then stay
   * queued, and the receipt counts them in `queued`), and exporter failures are counted and
   * reported by a warning.
   *
   * @example
   * ```ts
   * const { persisted, queued } = await provider.forceFlush();
   * ```
   */
  forceFlush(): Promise<FlushReceipt> {
    return this.pipeline.forceFlush();
  }

  /**
   * Writes everything queued, shuts the exporters down, and resolves to a {@link FlushReceipt}:
   * a short-lived process knows nothing was lost when `dropped` and `failed` are 0. Spans ended
   * afterwards are dropped (and counted). Never rejects; spans that could not be written
   * (database locked past the 10 s wait) are dropped and counted.
   *
   * @example
   * ```ts
   * const receipt = await provider.shutdown();
   * if (receipt.dropped > 0 || receipt.failed > 0) process.exitCode = 1;
   * ```
   */
  async shutdown(): Promise<FlushReceipt> {
    unregisterExitFlush(this.pipeline);
    return this.pipeline.shutdown();
  }
}

/** `error` as the TraceStoreError it is, or wrapped in one (`DATABASE_NOT_WRITABLE`). */
function asTraceStoreError(error: unknown, path: string): TraceStoreError {
  if (TraceStoreError.isInstance(error)) return error;
  const message = ClearstoneError.isInstance(error) ? error.message : describeError(error);
  return new TraceStoreError({
    message: `Cannot open the trace database ${path}: ${message}`,
    code: 'DATABASE_NOT_WRITABLE',
    path,
    cause: error,
  });
}
