import { InvalidArgumentError, SDK_VERSION } from '@clearstone/core';
import type { Attributes } from '@clearstone/core';

/** Options of `OtlpHttpExporter`. Unset options fall back to the standard `OTEL_EXPORTER_OTLP_*` environment variables, then to the defaults. */
export interface OtlpHttpExporterOptions {
  /** Full URL of the traces endpoint. Default `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`, else `http://localhost:4318/v1/traces`. */
  url?: string;
  /** Extra request headers, e.g. `{ Authorization: 'Bearer …' }`; added to `OTEL_EXPORTER_OTLP_HEADERS` / `OTEL_EXPORTER_OTLP_TRACES_HEADERS`. */
  headers?: Record<string, string>;
  /** `'protobuf'` (default, `application/x-protobuf`) or `'json'` (`application/json`). */
  encoding?: 'protobuf' | 'json';
  /** `'gzip'` or `'none'` (default, or `OTEL_EXPORTER_OTLP_COMPRESSION`). */
  compression?: 'gzip' | 'none';
  /** Time limit of one request in milliseconds; default 10 000. */
  timeoutMs?: number;
  /** Retries of a batch after a retryable failure (429, 502, 503, 504, network error, timeout); default 5. */
  maxRetries?: number;
  /** First retry delay in milliseconds, doubled per retry, with jitter; default 1000. */
  initialBackoffMs?: number;
  /** Longest computed retry delay in milliseconds; default 30 000. A `Retry-After` from the server is honoured up to this too. */
  maxBackoffMs?: number;
  /** Most spans held waiting to be sent; beyond it spans are dropped and counted. Default 2048. */
  maxQueueSize?: number;
  /** Most spans per request; default 512. */
  maxBatchSize?: number;
  /** Resource attributes (`service.name`, `deployment.environment.name`, …), added to the defaults and `OTEL_RESOURCE_ATTRIBUTES`. */
  resource?: Attributes;
  /** `service.name` of the resource; default `OTEL_SERVICE_NAME`, else `unknown_service:node`. */
  serviceName?: string;
  /** Send captured input/output snapshots as `input.value` / `output.value` attributes; default true. */
  includeSnapshots?: boolean;
}

/** Options with environment fallbacks and defaults applied. */
export interface ResolvedOtlpOptions {
  /** The traces endpoint; an http or https URL. */
  url: URL;
  /** Request headers: the environment's, then the options'. */
  headers: Record<string, string>;
  /** Body encoding of the requests. */
  encoding: 'protobuf' | 'json';
  /** Body compression of the requests. */
  compression: 'gzip' | 'none';
  /** Time limit of one request, in milliseconds. */
  timeoutMs: number;
  /** Retries of a batch after a retryable failure. */
  maxRetries: number;
  /** First retry delay, in milliseconds. */
  initialBackoffMs: number;
  /** Longest retry delay, in milliseconds. */
  maxBackoffMs: number;
  /** Most spans held waiting to be sent. */
  maxQueueSize: number;
  /** Most spans per request; at most `maxQueueSize`. */
  maxBatchSize: number;
  /** Resource attributes, `service.name` included. */
  resource: Attributes;
  /** Whether input/output snapshots are sent as attributes. */
  includeSnapshots: boolean;
}

const DEFAULT_URL = 'http://localhost:4318/v1/traces';

function invalid(argument: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError({ message: `OtlpHttpExporter: ${message}`, argument });
}

function integer(value: number | undefined, fallback: number, argument: string, minimum: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < minimum)
    throw invalid(argument, `${argument} must be an integer of at least ${minimum}, got ${String(value)}.`);
  return value;
}

/** `key=value` pairs separated by commas, values percent-encoded (the OTEL_* list format). */
function parseKeyValueList(text: string | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const separator = pair.indexOf('=');
    if (separator <= 0) continue;
    try {
      result[decodeURIComponent(pair.slice(0, separator).trim())] = decodeURIComponent(
        pair.slice(separator + 1).trim(),
      );
    } catch {
      // A malformed pair in the environment is skipped, as the OpenTelemetry SDKs do.
    }
  }
  return result;
}

function resolveUrl(url: string | undefined, env: NodeJS.ProcessEnv): URL {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const text =
    url ?? env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base.replace(/\/+$/, '')}/v1/traces` : DEFAULT_URL);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch (error) {
    throw invalid('url', `url must be an absolute http(s) URL, got ${JSON.stringify(text)}.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw invalid('url', `url must use http or https, got ${parsed.protocol}`);
  return parsed;
}

function oneOf<T extends string>(value: T | undefined, allowed: readonly T[], fallback: T, argument: string): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value))
    throw invalid(
      argument,
      `${argument} must be one of ${allowed.map((item) => `'${item}'`).join(', ')}, got ${JSON.stringify(value)}.`,
    );
  return value;
}

/** Applies environment fallbacks and defaults; bad options raise `InvalidArgumentError`. */
export function resolveOtlpOptions(
  options: OtlpHttpExporterOptions,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedOtlpOptions {
  if (options === null || typeof options !== 'object') throw invalid('options', 'options must be an object.');
  const headers = {
    ...parseKeyValueList(env.OTEL_EXPORTER_OTLP_HEADERS),
    ...parseKeyValueList(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (typeof value !== 'string') throw invalid('headers', `header ${JSON.stringify(name)} must be a string.`);
    headers[name] = value;
  }
  const environmentCompression = env.OTEL_EXPORTER_OTLP_TRACES_COMPRESSION ?? env.OTEL_EXPORTER_OTLP_COMPRESSION;
  const environmentResource = parseKeyValueList(env.OTEL_RESOURCE_ATTRIBUTES);
  const resource: Attributes = {
    'telemetry.sdk.name': 'clearstone',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.version': SDK_VERSION,
    'process.pid': process.pid,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': process.versions.node,
    ...environmentResource,
    ...options.resource,
  };
  resource['service.name'] =
    options.serviceName ??
    options.resource?.['service.name'] ??
    env.OTEL_SERVICE_NAME ??
    environmentResource['service.name'] ??
    'unknown_service:node';
  const maxQueueSize = integer(options.maxQueueSize, 2048, 'maxQueueSize', 1);
  return {
    url: resolveUrl(options.url, env),
    headers,
    encoding: oneOf(options.encoding, ['protobuf', 'json'] as const, 'protobuf', 'encoding'),
    compression: oneOf(
      options.compression,
      ['gzip', 'none'] as const,
      environmentCompression === 'gzip' ? 'gzip' : 'none',
      'compression',
    ),
    timeoutMs: integer(options.timeoutMs, 10_000, 'timeoutMs', 1),
    maxRetries: integer(options.maxRetries, 5, 'maxRetries', 0),
    initialBackoffMs: integer(options.initialBackoffMs, 1000, 'initialBackoffMs', 0),
    maxBackoffMs: integer(options.maxBackoffMs, 30_000, 'maxBackoffMs', 0),
    maxQueueSize,
    maxBatchSize: Math.min(integer(options.maxBatchSize, 512, 'maxBatchSize', 1), maxQueueSize),
    resource,
    includeSnapshots: options.includeSnapshots ?? true,
  };
}
