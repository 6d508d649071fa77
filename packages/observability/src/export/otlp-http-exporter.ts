import { SDK_VERSION } from '@clearstone/core';
import type { SpanRecord } from '@clearstone/core';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { postOnce } from './http-post';
import { loadTransformer } from './load-transformer';
import type { OtlpSerializer } from './load-transformer';
import { resolveOtlpOptions } from './otlp-exporter-options';
import type { OtlpHttpExporterOptions, ResolvedOtlpOptions } from './otlp-exporter-options';
import { readPartialSuccess } from './partial-success';
import { toReadableSpan } from './readable-span';
import type { OtlpResource } from './readable-span';
import { retryDelayMs } from './retry-delay';
import type { SpanExporter } from './span-exporter';

const gzipAsync = promisify(gzip);

/** Counters of an {@link OtlpHttpExporter}. */
export interface OtlpExporterStats {
  /** Spans waiting to be sent (including the batch in flight). */
  queued: number;
  /** Spans the endpoint accepted. */
  exported: number;
  /** Spans lost: queue full, exporter shut down, a batch that failed for good, or spans the endpoint rejected. */
  dropped: number;
  /** Requests repeated after a retryable failure. */
  retries: number;
}

/**
 * Sends spans to an OpenTelemetry collector or backend over OTLP/HTTP (protobuf or JSON, optional
 * gzip), serialized by the OpenTelemetry project's `@opentelemetry/otlp-transformer` (an optional
 * peer dependency: the constructor throws `MissingDependencyError` when it is not installed).
 *
 * Sending runs in the background, one request at a time, in batches of up to `maxBatchSize`.
 * Retryable failures (429, 502, 503, 504, network errors, timeouts) are retried with exponential
 * backoff and jitter, honouring `Retry-After`. Memory is bounded by `maxQueueSize`; every span that
 * is not delivered is counted in `stats.dropped` and reported by one process warning
 * (`CLEARSTONE_OTLP_EXPORT_FAILED`). Nothing is ever thrown into the application.
 *
 * @example
 * ```ts
 * const provider = new TracerProvider({
 *   dbPath: 'traces.db', // or null: export only
 *   exporters: [new OtlpHttpExporter({ url: 'http://localhost:4318/v1/traces', serviceName: 'support-agent' })],
 * });
 * ```
 */
export class OtlpHttpExporter implements SpanExporter {
  /** The settings in use, after environment fallbacks and defaults. */
  readonly options: Readonly<ResolvedOtlpOptions>;
  private readonly serializer: OtlpSerializer;
  private readonly resource: OtlpResource;
  private readonly agent: HttpAgent;
  private readonly requestHeaders: Record<string, string>;
  private queue: SpanRecord[] = [];
  private inFlight = 0;
  private sending: Promise<void> | undefined;
  private closed = false;
  private warned = false;
  private readonly counters = { exported: 0, dropped: 0, retries: 0 };

  constructor(options: OtlpHttpExporterOptions = {}) {
    this.options = resolveOtlpOptions(options);
    const transformer = loadTransformer();
    this.serializer =
      this.options.encoding === 'json' ? transformer.JsonTraceSerializer : transformer.ProtobufTraceSerializer;
    this.resource = { attributes: this.options.resource, asyncAttributesPending: false };
    this.agent =
      this.options.url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.requestHeaders = {
      'User-Agent': `clearstone-otlp-exporter/${SDK_VERSION}`,
      ...this.options.headers,
      'Content-Type': this.options.encoding === 'json' ? 'application/json' : 'application/x-protobuf',
      ...(this.options.compression === 'gzip' ? { 'Content-Encoding': 'gzip' } : {}),
    };
  }

  /** Current counters. */
  get stats(): OtlpExporterStats {
    return {
      queued: this.queue.length + this.inFlight,
      exported: this.counters.exported,
      dropped: this.counters.dropped,
      retries: this.counters.retries,
    };
  }

  /** Queues `spans` for sending and returns at once; spans beyond `maxQueueSize` are dropped and counted. Never rejects. */
  export(spans: readonly SpanRecord[]): Promise<void> {
    if (this.closed) {
      this.drop(spans.length, 'the exporter was shut down');
      return Promise.resolve();
    }
    const room = this.options.maxQueueSize - this.queue.length - this.inFlight;
    const accepted = spans.length <= room ? spans : spans.slice(0, Math.max(0, room));
    for (const span of accepted) this.queue.push(span);
    if (accepted.length < spans.length)
      this.drop(
        spans.length - accepted.length,
        `the queue is full (maxQueueSize ${this.options.maxQueueSize}); ${this.options.url.href} does not take spans as fast as they are produced`,
      );
    this.sending ??= this.sendAll().finally(() => (this.sending = undefined));
    return Promise.resolve();
  }

  /** Resolves when everything queued so far has been delivered or given up. */
  async forceFlush(): Promise<void> {
    while (this.sending !== undefined) await this.sending;
  }

  /** Sends what is queued, then stops: later spans are dropped and counted. */
  async shutdown(): Promise<void> {
    this.closed = true;
    await this.forceFlush();
    this.agent.destroy();
  }

  private async sendAll(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatchSize);
      this.inFlight = batch.length;
      try {
        await this.sendBatch(batch);
      } catch (error) {
        this.drop(batch.length, `of an unexpected error: ${String(error)}`);
      } finally {
        this.inFlight = 0;
      }
    }
  }

  private async sendBatch(batch: SpanRecord[]): Promise<void> {
    let body: Uint8Array;
    try {
      const encoded = this.serializer.serializeRequest(
        batch.map((record) => toReadableSpan(record, this.resource, this.options.includeSnapshots)),
      );
      if (encoded === undefined) throw new Error('the serializer returned nothing');
      body = this.options.compression === 'gzip' ? await gzipAsync(encoded) : encoded;
    } catch (error) {
      this.drop(batch.length, `they could not be encoded: ${String(error)}`);
      return;
    }
    const { url, timeoutMs, maxRetries, initialBackoffMs, maxBackoffMs } = this.options;
    for (let attempt = 0; ; attempt++) {
      const outcome = await postOnce({ url, headers: this.requestHeaders, body, timeoutMs, agent: this.agent });
      if (outcome.ok) {
        const rejected = readPartialSuccess(this.serializer, outcome.body, outcome.contentType, batch.length);
        this.counters.exported += batch.length - rejected.count;
        if (rejected.count > 0)
          this.drop(rejected.count, `${url.href} rejected them${rejected.message ? `: ${rejected.message}` : ''}`);
        return;
      }
      if (!outcome.retryable || attempt >= maxRetries) {
        this.drop(
          batch.length,
          `sending to ${url.href} failed${outcome.retryable ? ` after ${attempt + 1} attempts` : ''} (${outcome.reason})`,
        );
        return;
      }
      this.counters.retries++;
      await sleep(retryDelayMs(attempt, initialBackoffMs, maxBackoffMs, outcome.retryAfterMs));
    }
  }

  private drop(count: number, reason: string): void {
    this.counters.dropped += count;
    if (this.warned) return;
    this.warned = true;
    process.emitWarning(
      `Clearstone's OTLP exporter dropped ${count} span(s): ${reason}. exporter.stats.dropped counts every loss (this warning is shown once).`,
      { code: 'CLEARSTONE_OTLP_EXPORT_FAILED' },
    );
  }
}
