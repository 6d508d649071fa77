import { DEFAULT_SNAPSHOT_MAX_BYTES, InvalidArgumentError } from '@clearstone/core';
import type { SpanExporter } from '../export';

/** Options of {@link TracerProvider}. */
export interface TracerProviderOptions {
  /** SQLite file for spans; default `clearstone_traces.db`. `null`: no SQLite, spans go only to `exporters`. */
  dbPath?: string | null;
  /** Queued spans that trigger a background write; default 100. */
  batchSize?: number;
  /** Longest time a span waits in the queue when fewer than `batchSize` are queued; default 1000 ms. */
  flushIntervalMs?: number;
  /** Most spans held in memory; beyond it spans are dropped and counted. Default 100 000. */
  maxQueueSize?: number;
  /** Receivers of every written batch (e.g. OTLP). */
  exporters?: SpanExporter[];
  /** Largest input/output snapshot kept, in bytes of serialized text; default 1 MiB. */
  maxSnapshotBytes?: number;
}

/** Options with defaults applied and values checked. */
export interface ResolvedProviderOptions {
  dbPath: string | null;
  batchSize: number;
  flushIntervalMs: number;
  maxQueueSize: number;
  exporters: SpanExporter[];
  maxSnapshotBytes: number;
}

function positiveInteger(value: number | undefined, fallback: number, argument: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new InvalidArgumentError({ message: `${argument} must be a positive integer, got ${String(value)}.`, argument });
  return value;
}

/** Applies defaults and rejects bad options with an `InvalidArgumentError`. */
export function resolveProviderOptions(options: TracerProviderOptions): ResolvedProviderOptions {
  const dbPath = options.dbPath === undefined ? 'clearstone_traces.db' : options.dbPath;
  if (dbPath !== null && (typeof dbPath !== 'string' || dbPath === '')) {
    throw new InvalidArgumentError({ message: 'dbPath must be a non-empty file path, or null for no SQLite storage.', argument: 'dbPath' });
  }
  const exporters = options.exporters ?? [];
  if (!Array.isArray(exporters) || exporters.some((exporter) => typeof exporter?.export !== 'function' || typeof exporter.shutdown !== 'function')) {
    throw new InvalidArgumentError({ message: 'exporters must be an array of objects with export(spans) and shutdown() methods.', argument: 'exporters' });
  }
  return {
    dbPath,
    batchSize: positiveInteger(options.batchSize, 100, 'batchSize'),
    flushIntervalMs: positiveInteger(options.flushIntervalMs, 1000, 'flushIntervalMs'),
    maxQueueSize: positiveInteger(options.maxQueueSize, 100_000, 'maxQueueSize'),
    exporters: [...exporters],
    maxSnapshotBytes: positiveInteger(options.maxSnapshotBytes, DEFAULT_SNAPSHOT_MAX_BYTES, 'maxSnapshotBytes'),
  };
}
