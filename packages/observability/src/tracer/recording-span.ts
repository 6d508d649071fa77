import { SpanStatusCode, generateSpanId, generateTraceId, nowNs } from '@clearstone/core';
import type { AttributeValue, Attributes, SpanEvent, SpanKind, SpanLink, SpanRecord, Snapshot } from '@clearstone/core';
import type { SpanAttributes, SpanStatus, TraceState } from '@opentelemetry/api';
import { toAttributeValue } from './attribute-value';
import { describeException } from './describe-exception';
import { LazySnapshot } from './lazy-snapshot';
import { toStatusCode } from './otel-codes';
import { isTimeInput, toEpochNanoseconds } from './otel-time';
import type { AnyTimeInput } from './otel-time';
import type { Span, SpanContext, SpanLinkInput } from './span-types';

function toSpanLink(link: SpanLinkInput): SpanLink | undefined {
  const context = 'context' in link ? link.context : link;
  if (typeof context?.traceId !== 'string' || typeof context.spanId !== 'string') return undefined;
  const attributes: Attributes = {};
  for (const key in link.attributes) {
    const value = toAttributeValue(key, link.attributes[key]);
    if (value !== undefined) attributes[key] = value;
  }
  return { traceId: context.traceId, spanId: context.spanId, attributes };
}

/** Where ended spans go (the provider's pipeline), and the scope that created them. */
export interface SpanOwner {
  readonly instrumentationName: string;
  readonly instrumentationVersion: string | undefined;
  readonly maxSnapshotBytes: number;
  onEnd(span: RecordingSpan): void;
}

/**
 * The span implementation: a {@link Span} while recording, and a {@link SpanRecord} once ended
 * (it is queued as is; nothing is copied or serialized on the caller's path).
 */
export class RecordingSpan implements Span, SpanRecord {
  // Fields are declared, not initialized, and all assigned in the constructor in one order: one
  // hidden class, and no define-semantics field initializers on the capture path.
  declare readonly traceId: string;
  declare readonly spanId: string;
  declare readonly parentSpanId: string | undefined;
  /** True when the span has no parent in this process (a new trace, or a remote parent). */
  declare readonly isRoot: boolean;
  /** W3C tracestate inherited from the parent, if any. */
  declare readonly traceState: TraceState | undefined;
  declare name: string;
  declare readonly kind: SpanKind;
  declare readonly startTimeNs: bigint;
  declare endTimeNs: bigint | undefined;
  declare readonly attributes: Attributes;
  declare status: SpanStatusCode;
  declare errorMessage: string | undefined;
  declare errorStack: string | undefined;
  declare readonly events: SpanEvent[];
  declare readonly links: SpanLink[];
  declare readonly instrumentationName: string;
  declare readonly instrumentationVersion: string | undefined;
  private declare inputSnapshot: LazySnapshot | undefined;
  private declare outputSnapshot: LazySnapshot | undefined;
  private declare statusSetByUser: boolean;
  private declare lastExceptionStack: string | undefined;
  private declare readonly owner: SpanOwner;

  constructor(owner: SpanOwner, name: string, kind: SpanKind, parent: SpanContext | undefined, startTimeNs: bigint | undefined, links: SpanLinkInput[] | undefined) {
    this.owner = owner;
    this.name = name;
    this.kind = kind;
    if (parent === undefined) {
      this.traceId = generateTraceId();
      this.parentSpanId = undefined;
      this.isRoot = true;
      this.traceState = undefined;
    } else {
      this.traceId = parent.traceId;
      this.parentSpanId = parent.spanId;
      this.isRoot = parent.isRemote === true;
      this.traceState = parent.traceState;
    }
    this.spanId = generateSpanId();
    this.startTimeNs = startTimeNs ?? nowNs();
    this.endTimeNs = undefined;
    this.attributes = {};
    this.status = SpanStatusCode.UNSET;
    this.errorMessage = undefined;
    this.errorStack = undefined;
    this.events = [];
    this.links = [];
    this.instrumentationName = owner.instrumentationName;
    this.instrumentationVersion = owner.instrumentationVersion;
    this.inputSnapshot = undefined;
    this.outputSnapshot = undefined;
    this.statusSetByUser = false;
    this.lastExceptionStack = undefined;
    if (links !== undefined) this.addLinks(links);
  }

  /** `endTimeNs - startTimeNs` once ended. */
  get durationNs(): bigint | undefined {
    return this.endTimeNs === undefined ? undefined : this.endTimeNs - this.startTimeNs;
  }

  /** Snapshot of the input given at start, if any. */
  get input(): Snapshot | undefined {
    return this.inputSnapshot?.resolve();
  }

  /** Snapshot of the output set with {@link setOutput}, if any. */
  get output(): Snapshot | undefined {
    return this.outputSnapshot?.resolve();
  }

  spanContext(): SpanContext & { traceFlags: number } {
    if (this.traceState === undefined) return { traceId: this.traceId, spanId: this.spanId, traceFlags: 1 };
    return { traceId: this.traceId, spanId: this.spanId, traceFlags: 1, traceState: this.traceState };
  }

  isRecording(): boolean {
    return this.endTimeNs === undefined;
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (this.endTimeNs !== undefined) return this;
    const stored = toAttributeValue(key, value);
    if (stored === undefined) delete this.attributes[key];
    else this.attributes[key] = stored;
    return this;
  }

  setAttributes(attributes: Attributes | SpanAttributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key]);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | SpanAttributes | AnyTimeInput, time?: AnyTimeInput): this {
    if (this.endTimeNs !== undefined) return this;
    const copy: Attributes = {};
    if (isTimeInput(attributesOrTime)) {
      time = attributesOrTime;
    } else {
      for (const key in attributesOrTime) {
        const value = toAttributeValue(key, attributesOrTime[key]);
        if (value !== undefined) copy[key] = value;
      }
    }
    this.events.push({ name, timeNs: time === undefined ? nowNs() : toEpochNanoseconds(time), attributes: copy });
    return this;
  }

  addLink(link: SpanLinkInput): this {
    if (this.endTimeNs !== undefined) return this;
    const stored = toSpanLink(link);
    if (stored !== undefined) this.links.push(stored);
    return this;
  }

  addLinks(links: SpanLinkInput[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  recordException(exception: unknown, time?: AnyTimeInput): this {
    if (this.endTimeNs !== undefined) return this;
    const { type, message, stack } = describeException(exception);
    const attributes: Attributes = { 'exception.type': type, 'exception.message': message };
    if (stack !== undefined) {
      attributes['exception.stacktrace'] = stack;
      this.lastExceptionStack = stack;
    }
    this.events.push({ name: 'exception', timeNs: time === undefined ? nowNs() : toEpochNanoseconds(time), attributes });
    return this;
  }

  setStatus(status: SpanStatus): this;
  setStatus(code: SpanStatusCode | number, message?: string): this;
  setStatus(codeOrStatus: SpanStatus | SpanStatusCode | number, message?: string): this {
    if (this.endTimeNs !== undefined) return this;
    const isObject = typeof codeOrStatus === 'object' && codeOrStatus !== null;
    const code = toStatusCode(isObject ? codeOrStatus.code : codeOrStatus);
    if (code === undefined) return this;
    this.statusSetByUser = true;
    this.applyStatus(code, isObject ? codeOrStatus.message : message);
    return this;
  }

  setInput(value: unknown): this {
    if (this.endTimeNs === undefined) this.inputSnapshot = new LazySnapshot(value, this.owner.maxSnapshotBytes);
    return this;
  }

  setOutput(value: unknown): this {
    if (this.endTimeNs === undefined) this.outputSnapshot = new LazySnapshot(value, this.owner.maxSnapshotBytes);
    return this;
  }

  updateName(name: string): this {
    if (this.endTimeNs === undefined) this.name = name;
    return this;
  }

  /** Marks the span ERROR for an exception that escaped its function, keeping a status message the user set. */
  fail(exception: unknown): void {
    if (this.endTimeNs !== undefined) return;
    const { message, stack } = describeException(exception);
    this.recordException(exception);
    if (this.status !== SpanStatusCode.ERROR || this.errorMessage === undefined) this.applyStatus(SpanStatusCode.ERROR, message);
    if (stack !== undefined) this.errorStack = stack;
  }

  /** Marks the span OK when its function returned, unless the user set a status. */
  succeed(): void {
    if (!this.statusSetByUser && this.status === SpanStatusCode.UNSET) this.status = SpanStatusCode.OK;
  }

  end(endTime?: AnyTimeInput): void {
    if (this.endTimeNs !== undefined) return;
    this.endTimeNs = endTime === undefined ? nowNs() : toEpochNanoseconds(endTime);
    this.owner.onEnd(this);
  }

  [Symbol.dispose](): void {
    this.end();
  }

  private applyStatus(code: SpanStatusCode, message: string | undefined): void {
    this.status = code;
    if (code === SpanStatusCode.ERROR) {
      this.errorMessage = message;
      this.errorStack ??= this.lastExceptionStack;
    } else {
      this.errorMessage = undefined;
    }
  }
}
