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
  /**
   * Longest attribute string kept, in UTF-16 code units (`string.length`); longer strings, and
   * longer strings inside arrays, are truncated. Applies to span, event and link attributes.
   * Default 65 536 (64 Ki characters); `Infinity` for no limit.
   */
  attributeValueLengthLimit?: number;
  /**
   * Most attributes per span (and per event or link); further new keys are dropped, existing ones
   * can still be changed. Default 128, as in OpenTelemetry; `Infinity` for no limit.
   */
  attributeCountLimit?: number;
  /**
   * Throw from the constructor (a `TraceStoreError`, e.g. `DATABASE_NOT_WRITABLE`) when the
   * database cannot be opened. Default false: the provider is created anyway, drops and counts
   * every span in `stats.dropped`, and warns once (`CLEARSTONE_SPANS_DROPPED`).
   */
  strict?: boolean;
}

/** Options with defaults applied and values checked. */
export interface ResolvedProviderOptions {
  dbPath: string | null;
  batchSize: number;
  flushIntervalMs: number;
  maxQueueSize: number;
  exporters: SpanExporter[];
  maxSnapshotBytes: number;
  attributeValueLengthLimit: number;
  attributeCountLimit: number;
  strict: boolean;
}

/** Default of {@link TracerProviderOptions.attributeValueLengthLimit}. */
export const DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT = 64 * 1024;
/** Default of {@link TracerProviderOptions.attributeCountLimit}. */
export const DEFAULT_ATTRIBUTE_COUNT_LIMIT = 128;

function positiveInteger(value: number | undefined, fallback: number, argument: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new InvalidArgumentError({
      message: `${argument} must be a positive integer, got ${String(value)}.`,
      argument,
    });
  return value;
}

function limit(value: number | undefined, fallback: number, argument: string): number {
  if (value === Number.POSITIVE_INFINITY) return value;
  return positiveInteger(value, fallback, argument);
}

/** Applies defaults and rejects bad options with an `InvalidArgumentError`. */
export function resolveProviderOptions(options: TracerProviderOptions): ResolvedProviderOptions {
  const dbPath = options.dbPath === undefined ? 'clearstone_traces.db' : options.dbPath;
  if (dbPath !== null && (typeof dbPath !== 'string' || dbPath === '')) {
    throw new InvalidArgumentError({
      message: 'dbPath must be a non-empty file path, or null for no SQLite storage.',
      argument: 'dbPath',
    });
  }
  const exporters = options.exporters ?? [];
  if (
    !Array.isArray(exporters) ||
    exporters.some((exporter) => typeof exporter?.export !== 'function' || typeof exporter.shutdown !== 'function')
  ) {
    throw new InvalidArgumentError({
      message: 'exporters must be an array of objects with export(spans) and shutdown() methods.',
      argument: 'exporters',
    });
  }
  if (options.strict !== undefined && typeof options.strict !== 'boolean') {
    throw new InvalidArgumentError({
      message: `strict must be a boolean, got ${typeof options.strict}.`,
      argument: 'strict',
    });
  }
  return {
    dbPath,
    batchSize: positiveInteger(options.batchSize, 100, 'batchSize'),
    flushIntervalMs: positiveInteger(options.flushIntervalMs, 1000, 'flushIntervalMs'),
    maxQueueSize: positiveInteger(options.maxQueueSize, 100_000, 'maxQueueSize'),
    exporters: [...exporters],
    maxSnapshotBytes: positiveInteger(options.maxSnapshotBytes, DEFAULT_SNAPSHOT_MAX_BYTES, 'maxSnapshotBytes'),
    attributeValueLengthLimit: limit(
      options.attributeValueLengthLimit,
      DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT,
      'attributeValueLengthLimit',
    ),
    attributeCountLimit: limit(options.attributeCountLimit, DEFAULT_ATTRIBUTE_COUNT_LIMIT, 'attributeCountLimit'),
    strict: options.strict ?? false,
  };
}
