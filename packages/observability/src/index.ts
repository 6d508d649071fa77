/**
 * @clearstone/observability — tracing for AI agents: spans captured off the hot path and stored
 * in a local SQLite file, queryable with `TraceStore`.
 *
 * @example
 * ```ts
 * import { TracerProvider } from '@clearstone/observability';
 *
 * const provider = new TracerProvider({ dbPath: 'traces.db' });
 * const tracer = provider.getTracer('my-agent', '1.0.0');
 * await tracer.span('agent.run', async () => { ... });
 * await provider.shutdown();
 * ```
 * @packageDocumentation
 */

// Provider and tracer
export { TracerProvider } from './provider';
export { Tracer } from './tracer';
export type { PipelineStats, TracerProviderOptions } from './provider';
export type { Span, SpanContext, SpanOptions, StartSpanOptions } from './tracer';

// Active span (AsyncLocalStorage)
export { getActiveSpan, withActiveSpan } from './context';

// Exporters
export type { SpanExporter } from './export';

// Storage
export { LEGACY_SCHEMA_V1, MIGRATIONS, SCHEMA_VERSION, TraceStore } from './storage';
export type { ListTracesQuery, Migration, QuerySpansQuery, TimeInput, TraceStoreOptions } from './storage';

// Errors
export { TraceStoreError } from './errors';
export type { TraceStoreErrorCode } from './errors';
