import type { SpanRecord } from '@clearstone/core';

/**
 * Receives finished spans in batches, after they are committed to SQLite (or instead of it when
 * the provider has `dbPath: null`). Same contract as OpenTelemetry's `SpanExporter`, with
 * promises: e.g. an OTLP exporter, or a forwarder to another store.
 *
 * @example
 * ```ts
 * const seen: SpanRecord[] = [];
 * const collect: SpanExporter = { export: async (spans) => void seen.push(...spans), shutdown: async () => {} };
 * const provider = new TracerProvider({ dbPath: null, exporters: [collect] });
 * ```
 */
export interface SpanExporter {
  /**
   * Handles one batch. A rejection (or a synchronous throw) counts the batch in the provider's
   * `stats.exportFailed` and is reported by a `CLEARSTONE_EXPORT_FAILED` warning once per failure
   * streak; the batch is not retried.
   */
  export(spans: readonly SpanRecord[]): Promise<void>;
  /** Sends anything the exporter buffers itself. */
  forceFlush?(): Promise<void>;
  /** Flushes and releases the exporter; called once by `provider.shutdown()`. */
  shutdown(): Promise<void>;
  /**
   * Delivery counts of an exporter that queues spans and sends them on its own (its `export()`
   * resolves before they are sent), like `OtlpHttpExporter`: spans the destination accepted
   * (`exported`) and spans it lost for good (`dropped`). When present, the provider's flush
   * receipt takes `exported` and `failed` from here instead of from `export()`'s outcome.
   */
  readonly stats?: { readonly exported: number; readonly dropped: number };
}
