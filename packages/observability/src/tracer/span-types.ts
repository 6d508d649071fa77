import type { AttributeValue, Attributes, SpanKind, SpanLink, SpanStatusCode } from '@clearstone/core';

/** Identity of a span, local or remote (same shape as OpenTelemetry's `SpanContext`). */
export interface SpanContext {
  traceId: string;
  spanId: string;
  /** W3C trace flags; 1 = sampled. */
  traceFlags?: number;
  /** True when the span lives in another process (e.g. extracted from request headers). */
  isRemote?: boolean;
}

/** A span being recorded. Methods return the span for chaining and are ignored once it has ended. */
export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  /** The span's identity, usable as `parent` of another span. */
  spanContext(): SpanContext;
  /** Sets one attribute; `undefined` removes it, values that are not attribute values are dropped. */
  setAttribute(key: string, value: AttributeValue | undefined): this;
  /** Sets several attributes. */
  setAttributes(attributes: Attributes): this;
  /** Records a named point in time (default now). */
  addEvent(name: string, attributes?: Attributes, timeNs?: bigint): this;
  /** Records an `exception` event (exception.type, exception.message, exception.stacktrace). Does not change the status. */
  recordException(exception: unknown, timeNs?: bigint): this;
  /** Sets the status; the message is kept for ERROR only. A status set here is not replaced by OK when the span's function succeeds. */
  setStatus(code: SpanStatusCode, message?: string): this;
  /** Captures the span's output as a snapshot. */
  setOutput(value: unknown): this;
  /** Renames the span. */
  updateName(name: string): this;
  /** True until the span ends. */
  isRecording(): boolean;
  /** Ends the span (at `endTimeNs`, default now) and queues it for storage. Later calls are ignored. */
  end(endTimeNs?: bigint): void;
  /** Ends the span: `using span = tracer.startSpan('step')`. */
  [Symbol.dispose](): void;
}

/** Options of `tracer.span`. */
export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The span's input, captured as a snapshot. */
  input?: unknown;
  links?: SpanLink[];
  /**
   * Parent of the span: a span or span context. `null` starts a new trace. Default: the active
   * span (see `getActiveSpan`), else a new trace.
   */
  parent?: Span | SpanContext | null;
  /** Start time in epoch nanoseconds; default now. */
  startTimeNs?: bigint;
}

/** Options of `tracer.startSpan` (same as {@link SpanOptions}). */
export type StartSpanOptions = SpanOptions;
