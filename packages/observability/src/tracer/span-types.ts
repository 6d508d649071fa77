import type { AttributeValue, Attributes, SpanKind, SpanStatusCode } from '@clearstone/core';
import type { Link, Span as OtelSpan, SpanAttributes, SpanStatus, TraceState } from '@opentelemetry/api';
import type { AnyTimeInput } from './otel-time';

/** Identity of a span, local or remote (OpenTelemetry's `SpanContext`, with `traceFlags` optional). */
export interface SpanContext {
  /** Id of the trace; 32 lowercase hex characters. */
  traceId: string;
  /** Id of the span; 16 lowercase hex characters. */
  spanId: string;
  /** W3C trace flags; 1 = sampled. */
  traceFlags?: number;
  /** True when the span lives in another process (e.g. extracted from request headers). */
  isRemote?: boolean;
  /** W3C `tracestate` of the trace, carried on to child spans and propagated. */
  traceState?: TraceState;
}

/** A link given to `startSpan`: Clearstone's form (`{ traceId, spanId }`) or OpenTelemetry's (`{ context }`). */
export type SpanLinkInput = { traceId: string; spanId: string; attributes?: Attributes } | Link;

/**
 * A span being recorded. Methods return the span for chaining and are ignored once it has ended.
 * It is also an OpenTelemetry API `Span`: where the two APIs name a method alike, both argument
 * forms are accepted (`setStatus(SpanStatusCode.ERROR, 'why')` and `setStatus({ code: 2, message })`;
 * times as epoch-ns `bigint`, `HrTime`, epoch milliseconds or `Date`).
 */
export interface Span extends OtelSpan {
  /** Id of the span's trace; 32 lowercase hex characters. */
  readonly traceId: string;
  /** Id of the span; 16 lowercase hex characters. */
  readonly spanId: string;
  /** The parent span; absent for the root of a trace. */
  readonly parentSpanId?: string;
  /** The span's name (as changed by `updateName`). */
  readonly name: string;
  /** The span's identity, usable as `parent` of another span. */
  spanContext(): SpanContext & { traceFlags: number };
  /** Sets one attribute; `undefined` removes it, values that are not attribute values are dropped. */
  setAttribute(key: string, value: AttributeValue | undefined): this;
  /** Sets several attributes. */
  setAttributes(attributes: Attributes | SpanAttributes): this;
  /** Records a named point in time (default now); OpenTelemetry's `addEvent(name, time)` form is accepted too. */
  addEvent(name: string, attributesOrTime?: Attributes | SpanAttributes | AnyTimeInput, time?: AnyTimeInput): this;
  /** Adds a link to another span. */
  addLink(link: SpanLinkInput): this;
  /** Adds links to other spans. */
  addLinks(links: SpanLinkInput[]): this;
  /** Records an `exception` event (exception.type, exception.message, exception.stacktrace). Does not change the status. */
  recordException(exception: unknown, time?: AnyTimeInput): this;
  /**
   * Sets the status; the message is kept for ERROR only. A status set here is not replaced by OK
   * when the span's function succeeds. Takes Clearstone's `SpanStatusCode` or an OpenTelemetry
   * numeric code, or OpenTelemetry's `{ code, message }` object.
   */
  setStatus(status: SpanStatus): this;
  setStatus(code: SpanStatusCode | number, message?: string): this;
  /** Captures the span's output as a snapshot. */
  setOutput(value: unknown): this;
  /** Renames the span. */
  updateName(name: string): this;
  /** True until the span ends. */
  isRecording(): boolean;
  /** Ends the span (at `endTime`, default now) and queues it for storage. Later calls are ignored. */
  end(endTime?: AnyTimeInput): void;
  /** Ends the span: `using span = tracer.startSpan('step')`. */
  [Symbol.dispose](): void;
}

/** Options of `tracer.span` and `tracer.startSpan`; OpenTelemetry's `SpanOptions` are accepted as they are. */
export interface SpanOptions {
  /** Clearstone's `SpanKind`, or an OpenTelemetry numeric kind. Default INTERNAL. */
  kind?: SpanKind | number;
  /** Initial attributes of the span. */
  attributes?: Attributes | SpanAttributes;
  /** The span's input, captured as a snapshot. */
  input?: unknown;
  /** Links to other spans. */
  links?: SpanLinkInput[];
  /**
   * Parent of the span: a span or span context. `null` starts a new trace. Default: the active
   * span (see `getActiveSpan`, and the OpenTelemetry active context), else a new trace.
   */
  parent?: Span | SpanContext | null;
  /** Start time in epoch nanoseconds; default now. */
  startTimeNs?: bigint;
  /** Start time in OpenTelemetry's forms (`HrTime`, milliseconds, `Date`). */
  startTime?: AnyTimeInput;
  /** OpenTelemetry's way to start a new trace: same as `parent: null`. */
  root?: boolean;
  /**
   * Id of the new span (16 lowercase hex characters), for integrations that must name a span
   * before it starts, e.g. to link a policy decision taken just before the call. An invalid id is
   * ignored and a fresh one generated. Default: a fresh random id.
   */
  spanId?: string;
}

/** Options of `tracer.startSpan` (same as {@link SpanOptions}). */
export type StartSpanOptions = SpanOptions;
