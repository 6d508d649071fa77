/**
 * @clearstone/observability — tracing for AI agents: spans captured off the hot path and stored
 * in a local SQLite file, queryable with `TraceStore`, bridged to OpenTelemetry (global provider,
 * context, W3C propagation) and exportable over OTLP/HTTP.
 *
 * @example
 * ```ts
 * import { OtlpHttpExporter, TracerProvider, registerGlobal } from '@clearstone/observability';
 *
 * const provider = new TracerProvider({ dbPath: 'traces.db', exporters: [new OtlpHttpExporter({ serviceName: 'my-agent' })] });
 * registerGlobal(provider); // code using @opentelemetry/api records here too
 * const tracer = provider.getTracer('my-agent', '1.0.0');
 * await tracer.span('agent.run', async () => { ... });
 * await provider.shutdown();
 * ```
 * @packageDocumentation
 */

// Provider and tracer
export { TracerProvider } from './provider';
export { Tracer } from './tracer';
export type { FlushReceipt, PipelineStats, TracerProviderOptions } from './provider';
export type { Span, SpanContext, SpanLinkInput, SpanOptions, StartSpanOptions } from './tracer';

// Active span (AsyncLocalStorage) and the OpenTelemetry context manager sharing it
export { ClearstoneContextManager, getActiveSpan, withActiveSpan } from './context';

// OpenTelemetry globals
export { registerGlobal } from './otel';
export type { GlobalRegistration, RegisterGlobalOptions } from './otel';

// W3C Trace Context propagation
export {
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
  TraceContextPropagator,
  extract,
  formatTraceparent,
  inject,
  parseTraceparent,
  withRemoteParent,
} from './propagation';
export type { Carrier } from './propagation';

// Exporters
export { OtlpHttpExporter } from './export';
export type { OtlpExporterStats, OtlpHttpExporterOptions, ResolvedOtlpOptions, SpanExporter } from './export';

// Attribute names: OpenTelemetry GenAI semantic conventions and Clearstone's own, owned by @clearstone/core
export {
  ATTR_CLEARSTONE_AGENT_ID,
  ATTR_CLEARSTONE_COST_USD,
  ATTR_CLEARSTONE_POLICY_ACTION,
  ATTR_CLEARSTONE_POLICY_NAME,
  ATTR_CLEARSTONE_POLICY_REASON,
  ATTR_CLEARSTONE_SESSION_ID,
  ATTR_CLEARSTONE_USAGE_TOTAL_TOKENS,
  ATTR_CLEARSTONE_USER_ID,
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ClearstoneAttributes,
  ClearstoneEvents,
  GenAiAttributes,
  GenAiOperations,
  GenAiProviders,
  LLM_OPERATIONS,
  LegacyAttributes,
} from '@clearstone/core';

// Storage
export { LEGACY_SCHEMA_V1, MIGRATIONS, OLDEST_READ_ONLY_VERSION, SCHEMA_VERSION, TraceStore } from './storage';
export type {
  AttributeValueCount,
  AttributeValueCountsQuery,
  IterateTracesQuery,
  ListTracesQuery,
  Migration,
  QuerySpansQuery,
  SpanFieldSelection,
  SqliteDatabase,
  TimeInput,
  TraceQuery,
  TraceSortKey,
  TraceStoreOptions,
  WriteSpansOptions,
} from './storage';

// Errors
export { MissingDependencyError, TraceStoreError } from './errors';
export type { TraceStoreErrorCode } from './errors';
