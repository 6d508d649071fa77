import type { TracerOptions, TracerProvider as OtelTracerProvider } from '@opentelemetry/api';
import { TraceStoreError } from '../errors';
import { TraceStore } from '../storage';
import { Tracer } from '../tracer';
import type { RecordingSpan, SpanOwner } from '../tracer';
import { registerExitFlush, unregisterExitFlush } from './exit-hooks';
import { resolveProviderOptions } from './provider-options';
import type { TracerProviderOptions } from './provider-options';
import { SpanPipeline } from './span-pipeline';
import type { PipelineStats } from './span-pipeline';

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
  private readonly maxSnapshotBytes: number;

  /** Opens (creating or migrating) the database at once, so a bad path fails here. */
  constructor(options: TracerProviderOptions = {}) {
    const resolved = resolveProviderOptions(options);
    this.dbPath = resolved.dbPath;
    this.maxSnapshotBytes = resolved.maxSnapshotBytes;
    this.store = resolved.dbPath === null ? undefined : new TraceStore(resolved.dbPath);
    this.pipeline = new SpanPipeline({ ...resolved, store: this.store, transactionSize: Math.max(resolved.batchSize, TRANSACTION_SIZE) });
    registerExitFlush(this.pipeline);
  }

  /** The store spans are written to; it stays open after `shutdown()` for reading. */
  get traceStore(): TraceStore {
    if (this.store === undefined) throw new TraceStoreError({ message: 'This TracerProvider was created with dbPath: null and has no trace store.', code: 'NO_TRACE_STORE', path: '' });
    return this.store;
  }

  /** Counters: spans queued, written, dropped. */
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
      const pipeline = this.pipeline;
      const owner: SpanOwner = {
        instrumentationName: name,
        instrumentationVersion: version,
        maxSnapshotBytes: this.maxSnapshotBytes,
        onEnd: (span: RecordingSpan) => pipeline.add(span),
      };
      tracer = new Tracer(owner);
      this.tracers.set(key, tracer);
    }
    return tracer;
  }

  /** Writes everything queued and waits for the exporters. */
  forceFlush(): Promise<void> {
    return this.pipeline.forceFlush();
  }

  /** Writes everything queued, shuts the exporters down; spans ended afterwards are dropped (and counted). */
  async shutdown(): Promise<void> {
    unregisterExitFlush(this.pipeline);
    await this.pipeline.shutdown();
  }
}
