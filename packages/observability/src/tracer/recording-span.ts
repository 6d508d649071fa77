import { SpanStatusCode, isValidSpanId, nowNs } from '@clearstone/core';
import type { AttributeValue, Attributes, SpanEvent, SpanKind, SpanLink, SpanRecord, Snapshot } from '@clearstone/core';
import type { SpanAttributes, SpanStatus, TraceState } from '@opentelemetry/api';
import {
  DROPPED_ATTRIBUTES_KEY,
  TRUNCATED_ATTRIBUTES_KEY,
  describeThrown,
  toAttributeValue,
  truncations,
  warnOnce,
} from './attribute-value';
import { describeException } from './describe-exception';
import { LazySnapshot } from './lazy-snapshot';
import { toStatusCode } from './otel-codes';
import { isTimeInput, toEpochNanoseconds } from './otel-time';
import type { AnyTimeInput } from './otel-time';
import { currentIdPool, hexAt, idBitsAt, reserveIdBytes } from './span-ids';
import type { Span, SpanContext, SpanLinkInput } from './span-types';

const hasOwn = Object.prototype.hasOwnProperty;

// Most spans have no events and no links: they share these frozen empty arrays until the first
// one is added, saving two allocations per span.
const NO_EVENTS: SpanEvent[] = Object.freeze([]) as unknown as SpanEvent[];
const NO_LINKS: SpanLink[] = Object.freeze([]) as unknown as SpanLink[];

/** Where ended spans go (the provider's pipeline), the scope that created them, and the span limits. */
export interface SpanOwner {
  readonly instrumentationName: string;
  readonly instrumentationVersion: string | undefined;
  readonly maxSnapshotBytes: number;
  /** Longest attribute string kept (`string.length`); longer ones are truncated. */
  readonly attributeValueLengthLimit: number;
  /** Most attributes per span, event or link. */
  readonly attributeCountLimit: number;
  onEnd(span: RecordingSpan): void;
}

/** Reports a value the caller passed that could not even be read (throwing getter or Proxy trap). */
function warnUnreadable(what: string, error: unknown): void {
  warnOnce(
    'unreadable-attribute',
    'CLEARSTONE_INVALID_ATTRIBUTE',
    () =>
      `${what} was dropped: reading it threw (${describeThrown(error)}). Tracing never throws; such values are dropped (this warning is shown once).`,
  );
}

function warnLimit(): void {
  warnOnce(
    'attribute-limit',
    'CLEARSTONE_ATTRIBUTE_LIMIT',
    () =>
      `A span attribute exceeded the span limits (attributeValueLengthLimit, attributeCountLimit): long strings are truncated and attributes past the count limit dropped; the span records how many in "${TRUNCATED_ATTRIBUTES_KEY}" and "${DROPPED_ATTRIBUTES_KEY}" (this warning is shown once).`,
  );
}

/** Epoch nanoseconds minus `process.hrtime`, the clock spans read (the same anchor as `nowNs()`). */
const EPOCH_OFFSET_NS = nowNs() - process.hrtime.bigint();

/**
 * What most spans never set, kept out of the span object: a plain span is smaller, so there is
 * less for the garbage collector to copy while it waits in the queue.
 */
class RareFields {
  traceState: TraceState | undefined = undefined;
  errorMessage: string | undefined = undefined;
  errorStack: string | undefined = undefined;
  inputSnapshot: LazySnapshot | undefined = undefined;
  outputSnapshot: LazySnapshot | undefined = undefined;
  statusSetByUser = false;
  lastExceptionStack: string | undefined = undefined;
}

/**
 * The span implementation: a {@link Span} while recording, and a {@link SpanRecord} once ended
 * (it is queued as is; nothing is copied or serialized on the caller's path).
 */
export class RecordingSpan implements Span, SpanRecord {
  // Fields are declared, not initialized, and all assigned in the constructor in one order: one
  // hidden class, and no define-semantics field initializers on the capture path.
  // Ids are kept as the random bytes they were drawn as (a block and an offset; `…Bytes` is set
  // exactly when the id was drawn) and rendered as hex, once, when read: `traceId`, `spanId` and
  // `parentSpanId` are getters. Text ids (a remote parent's, a span id given in the options) are
  // kept as text.
  declare private traceBytes: Buffer | undefined;
  declare private traceOffset: number;
  declare private traceIdText: string | undefined;
  declare private spanBytes: Buffer | undefined;
  declare private spanOffset: number;
  declare private spanIdText: string | undefined;
  declare private parentBytes: Buffer | undefined;
  declare private parentOffset: number;
  declare private parentIdText: string | undefined;
  /** True when the span has no parent in this process (a new trace, or a remote parent). */
  declare readonly isRoot: boolean;
  declare name: string;
  declare readonly kind: SpanKind;
  declare readonly attributes: Attributes;
  declare status: SpanStatusCode;
  declare readonly events: SpanEvent[];
  declare readonly links: SpanLink[];
  /** Start and end on the `process.hrtime` clock; epoch times are derived when read. */
  declare private readonly startHr: bigint;
  declare private endHr: bigint | undefined;
  declare private attributeCount: number;
  declare private rare: RareFields | undefined;
  declare private readonly owner: SpanOwner;

  constructor(
    owner: SpanOwner,
    name: string,
    kind: SpanKind,
    parent: SpanContext | undefined,
    startTimeNs: bigint | undefined,
    links: SpanLinkInput[] | undefined,
    spanId?: string,
  ) {
    this.owner = owner;
    this.name = name;
    this.kind = kind;
    this.rare = undefined;
    this.traceBytes = undefined;
    this.traceOffset = 0;
    this.traceIdText = undefined;
    this.spanBytes = undefined;
    this.spanOffset = 0;
    this.spanIdText = spanId !== undefined && isValidSpanId(spanId) ? spanId : undefined;
    this.parentBytes = undefined;
    this.parentOffset = 0;
    this.parentIdText = undefined;
    if (parent === undefined) {
      const start = reserveIdBytes(24);
      this.traceBytes = currentIdPool();
      this.traceOffset = start + 8;
      if (this.spanIdText === undefined) {
        this.spanBytes = this.traceBytes;
        this.spanOffset = start;
      }
      this.isRoot = true;
    } else {
      if (parent instanceof RecordingSpan) {
        this.traceBytes = parent.traceBytes;
        this.traceOffset = parent.traceOffset;
        this.traceIdText = parent.traceIdText;
        this.parentBytes = parent.spanBytes;
        this.parentOffset = parent.spanOffset;
        this.parentIdText = parent.spanIdText;
        this.isRoot = false;
      } else {
        this.traceIdText = parent.traceId;
        this.parentIdText = parent.spanId;
        this.isRoot = parent.isRemote === true;
      }
      if (parent.traceState !== undefined) this.moreFields().traceState = parent.traceState;
      if (this.spanIdText === undefined) {
        this.spanOffset = reserveIdBytes(8);
        this.spanBytes = currentIdPool();
      }
    }
    this.startHr = startTimeNs === undefined ? process.hrtime.bigint() : startTimeNs - EPOCH_OFFSET_NS;
    this.endHr = undefined;
    this.attributes = {};
    this.status = SpanStatusCode.UNSET;
    this.events = NO_EVENTS;
    this.links = NO_LINKS;
    this.attributeCount = 0;
    if (links !== undefined) this.addLinks(links);
  }

  /** Id of the span's trace; 32 lowercase hex characters. */
  get traceId(): string {
    return (this.traceIdText ??= hexAt(this.traceBytes!, this.traceOffset, 16));
  }

  /** Id of the span; 16 lowercase hex characters. */
  get spanId(): string {
    return (this.spanIdText ??= hexAt(this.spanBytes!, this.spanOffset, 8));
  }

  /** Id of the parent span; absent for the root of a trace. */
  get parentSpanId(): string | undefined {
    if (this.parentIdText === undefined && this.parentBytes !== undefined)
      this.parentIdText = hexAt(this.parentBytes, this.parentOffset, 8);
    return this.parentIdText;
  }

  /**
   * The span id as stored (a signed 64-bit integer), read from its random bytes without rendering
   * it as text; undefined when the id was given as text.
   */
  storedSpanId(): bigint | undefined {
    return this.spanBytes === undefined ? undefined : idBitsAt(this.spanBytes, this.spanOffset);
  }

  /**
   * The parent span id as stored: null without a parent, undefined when the parent's id is text
   * (a remote parent, or a parent whose id was given as text).
   */
  storedParentSpanId(): bigint | null | undefined {
    if (this.parentBytes !== undefined) return idBitsAt(this.parentBytes, this.parentOffset);
    return this.parentIdText === undefined ? null : undefined;
  }

  /**
   * True when `other` belongs to the same trace. Spans that hold their trace id as bytes compare
   * where the bytes are, without rendering the ids as text.
   */
  sameTraceAs(other: object): boolean {
    if (other instanceof RecordingSpan && this.traceBytes !== undefined && other.traceBytes !== undefined)
      return this.traceBytes === other.traceBytes && this.traceOffset === other.traceOffset;
    return (other as { traceId?: unknown }).traceId === this.traceId;
  }

  /** W3C tracestate inherited from the parent, if any. */
  get traceState(): TraceState | undefined {
    return this.rare?.traceState;
  }

  /** Start time, epoch nanoseconds. */
  get startTimeNs(): bigint {
    return this.startHr + EPOCH_OFFSET_NS;
  }

  /** End time, epoch nanoseconds, once ended. */
  get endTimeNs(): bigint | undefined {
    return this.endHr === undefined ? undefined : this.endHr + EPOCH_OFFSET_NS;
  }

  /** The message of an ERROR status. */
  get errorMessage(): string | undefined {
    return this.rare?.errorMessage;
  }

  /** The stack of the error that ended the span, if any. */
  get errorStack(): string | undefined {
    return this.rare?.errorStack;
  }

  /** Name of the instrumentation scope (the tracer's name). */
  get instrumentationName(): string {
    return this.owner.instrumentationName;
  }

  /** Version of the instrumentation scope. */
  get instrumentationVersion(): string | undefined {
    return this.owner.instrumentationVersion;
  }

  /** `endTimeNs - startTimeNs` once ended. */
  get durationNs(): bigint | undefined {
    return this.endHr === undefined ? undefined : this.endHr - this.startHr;
  }

  /** Snapshot of the input given at start, if any. */
  get input(): Snapshot | undefined {
    return this.rare?.inputSnapshot?.resolve();
  }

  /** Snapshot of the output set with {@link setOutput}, if any. */
  get output(): Snapshot | undefined {
    return this.rare?.outputSnapshot?.resolve();
  }

  spanContext(): SpanContext & { traceFlags: number } {
    const traceState = this.rare?.traceState;
    if (traceState === undefined) return { traceId: this.traceId, spanId: this.spanId, traceFlags: 1 };
    return { traceId: this.traceId, spanId: this.spanId, traceFlags: 1, traceState };
  }

  isRecording(): boolean {
    return this.endHr === undefined;
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (this.endHr !== undefined) return this;
    if (typeof key !== 'string') return this.setUnusualKey(key, value);
    const owner = this.owner;
    const truncatedBefore = truncations.count;
    const stored = toAttributeValue(key, value, owner.attributeValueLengthLimit);
    const attributes = this.attributes;
    if (stored === undefined) {
      if (hasOwn.call(attributes, key)) {
        delete attributes[key];
        this.attributeCount--;
      }
      return this;
    }
    const previous = attributes[key];
    // A new key (a function can only be inherited from Object.prototype: attribute values never are).
    if (previous === undefined || typeof previous === 'function') {
      if (this.attributeCount >= owner.attributeCountLimit) {
        this.countLimited(DROPPED_ATTRIBUTES_KEY, 1);
        return this;
      }
      this.attributeCount++;
    }
    attributes[key] = stored;
    if (truncations.count !== truncatedBefore)
      this.countLimited(TRUNCATED_ATTRIBUTES_KEY, truncations.count - truncatedBefore);
    return this;
  }

  setAttributes(attributes: Attributes | SpanAttributes): this {
    if (this.endHr !== undefined) return this;
    if (this.attributeCount === 0 && this.adoptPlainAttributes(attributes)) return this;
    try {
      for (const key in attributes) {
        let value: unknown;
        try {
          value = attributes[key];
        } catch (error) {
          warnUnreadable(`Span attribute "${key}"`, error);
          continue;
        }
        this.setAttribute(key, value as AttributeValue);
      }
    } catch (error) {
      warnUnreadable('An attributes object given to setAttributes', error);
    }
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | SpanAttributes | AnyTimeInput, time?: AnyTimeInput): this {
    if (this.endHr !== undefined) return this;
    let attributes: Attributes = {};
    try {
      if (isTimeInput(attributesOrTime)) time = attributesOrTime;
      else if (attributesOrTime !== undefined) attributes = this.copyAttributes(attributesOrTime);
    } catch (error) {
      warnUnreadable(`The attributes of event "${typeof name === 'string' ? name : typeof name}"`, error);
    }
    let timeNs: bigint;
    try {
      timeNs = time === undefined ? nowNs() : toEpochNanoseconds(time);
    } catch (error) {
      warnUnreadable(`The time of event "${typeof name === 'string' ? name : typeof name}"`, error);
      timeNs = nowNs();
    }
    this.eventList().push({ name, timeNs, attributes });
    return this;
  }

  addLink(link: SpanLinkInput): this {
    if (this.endHr !== undefined) return this;
    try {
      const context = 'context' in link ? link.context : link;
      if (typeof context?.traceId !== 'string' || typeof context.spanId !== 'string') return this;
      if (this.links === NO_LINKS) (this as { links: SpanLink[] }).links = [];
      this.links.push({
        traceId: context.traceId,
        spanId: context.spanId,
        attributes: link.attributes === undefined ? {} : this.copyAttributes(link.attributes),
      });
    } catch (error) {
      warnUnreadable('A span link', error);
    }
    return this;
  }

  addLinks(links: SpanLinkInput[]): this {
    try {
      for (const link of links) this.addLink(link);
    } catch (error) {
      warnUnreadable('A list of span links', error);
    }
    return this;
  }

  recordException(exception: unknown, time?: AnyTimeInput): this {
    if (this.endHr !== undefined) return this;
    const { type, message, stack } = describeException(exception);
    const attributes: Attributes = { 'exception.type': type, 'exception.message': message };
    if (stack !== undefined) {
      attributes['exception.stacktrace'] = stack;
      this.moreFields().lastExceptionStack = stack;
    }
    this.eventList().push({
      name: 'exception',
      timeNs: time === undefined ? nowNs() : toEpochNanoseconds(time),
      attributes,
    });
    return this;
  }

  setStatus(status: SpanStatus): this;
  setStatus(code: SpanStatusCode | number, message?: string): this;
  setStatus(codeOrStatus: SpanStatus | SpanStatusCode | number, message?: string): this {
    if (this.endHr !== undefined) return this;
    let code: SpanStatusCode | undefined;
    try {
      const isObject = typeof codeOrStatus === 'object' && codeOrStatus !== null;
      code = toStatusCode(isObject ? codeOrStatus.code : codeOrStatus);
      if (isObject) message = codeOrStatus.message;
    } catch (error) {
      warnUnreadable('A span status', error);
      return this;
    }
    if (code === undefined) return this;
    this.moreFields().statusSetByUser = true;
    this.applyStatus(code, typeof message === 'string' ? message : undefined);
    return this;
  }

  setInput(value: unknown): this {
    if (this.endHr === undefined)
      this.moreFields().inputSnapshot = new LazySnapshot(value, this.owner.maxSnapshotBytes);
    return this;
  }

  setOutput(value: unknown): this {
    if (this.endHr === undefined)
      this.moreFields().outputSnapshot = new LazySnapshot(value, this.owner.maxSnapshotBytes);
    return this;
  }

  updateName(name: string): this {
    if (this.endHr === undefined) this.name = name;
    return this;
  }

  /** Marks the span ERROR for an exception that escaped its function, keeping a status message the user set. */
  fail(exception: unknown): void {
    if (this.endHr !== undefined) return;
    const { message, stack } = describeException(exception);
    this.recordException(exception);
    if (this.status !== SpanStatusCode.ERROR || this.rare?.errorMessage === undefined)
      this.applyStatus(SpanStatusCode.ERROR, message);
    if (stack !== undefined) this.moreFields().errorStack = stack;
  }

  /** Marks the span OK when its function returned, unless the user set a status. */
  succeed(): void {
    if (this.status === SpanStatusCode.UNSET && this.rare?.statusSetByUser !== true) this.status = SpanStatusCode.OK;
  }

  end(endTime?: AnyTimeInput): void {
    if (this.endHr !== undefined) return;
    this.endHr = endTime === undefined ? process.hrtime.bigint() : toEpochNanoseconds(endTime) - EPOCH_OFFSET_NS;
    this.owner.onEnd(this);
  }

  [Symbol.dispose](): void {
    this.end();
  }

  /**
   * The fast path of a span's first attributes (typically `startSpan(name, { attributes })`): a
   * plain object whose values are all strings within the length limit, numbers or booleans, and
   * no more than the count limit, is copied in one step (`{ ...attributes }` copies the object's
   * shape at once) instead of key by key. False, having changed nothing, for anything else —
   * arrays, values to drop or truncate, getters that throw, Proxies, other prototypes, an own
   * `__proto__` key — which
   * `setAttributes` then handles key by key.
   */
  private adoptPlainAttributes(source: Attributes | SpanAttributes): boolean {
    let copy: Attributes;
    try {
      if (source === null || typeof source !== 'object' || Object.getPrototypeOf(source) !== Object.prototype)
        return false;
      copy = { ...source } as Attributes;
    } catch {
      return false;
    }
    const owner = this.owner;
    let count = 0;
    for (const key in copy) {
      // An own `__proto__` key (as JSON.parse or Object.fromEntries make) is ignored by setAttribute.
      if (key === '__proto__') return false;
      const value = copy[key];
      if (typeof value === 'string') {
        if (value.length > owner.attributeValueLengthLimit) return false;
      } else if (typeof value !== 'number' && typeof value !== 'boolean') {
        return false;
      }
      count++;
    }
    if (count > owner.attributeCountLimit) return false;
    (this as { attributes: Attributes }).attributes = copy;
    this.attributeCount = count;
    return true;
  }

  /** The fields most spans never set, made on the first use. */
  private moreFields(): RareFields {
    return (this.rare ??= new RareFields());
  }

  /** The span's own event array, made on the first event. */
  private eventList(): SpanEvent[] {
    if (this.events === NO_EVENTS) (this as { events: SpanEvent[] }).events = [];
    return this.events;
  }

  /** Attribute keys that are not strings: numbers are used as their text, anything else is dropped. */
  private setUnusualKey(key: unknown, value: AttributeValue | undefined): this {
    if (typeof key === 'number') return this.setAttribute(String(key), value);
    warnOnce(
      'attribute-key',
      'CLEARSTONE_INVALID_ATTRIBUTE',
      () =>
        `A span attribute with a ${typeof key} key was dropped: attribute keys must be strings (this warning is shown once).`,
    );
    return this;
  }

  /** Adds `count` to the span's own limit counter attribute `key`, and warns once per process. */
  private countLimited(key: string, count: number): void {
    const previous = this.attributes[key];
    this.attributes[key] = (typeof previous === 'number' ? previous : 0) + count;
    warnLimit();
  }

  /** Event or link attributes: checked, truncated and limited like the span's. */
  private copyAttributes(source: Attributes | SpanAttributes): Attributes {
    const owner = this.owner;
    const copy: Attributes = {};
    let count = 0;
    const truncatedBefore = truncations.count;
    try {
      for (const key in source) {
        let value: unknown;
        try {
          value = source[key];
        } catch (error) {
          warnUnreadable(`Attribute "${key}"`, error);
          continue;
        }
        const stored = toAttributeValue(key, value, owner.attributeValueLengthLimit);
        if (stored === undefined) continue;
        if (count >= owner.attributeCountLimit) {
          this.countLimited(DROPPED_ATTRIBUTES_KEY, 1);
          continue;
        }
        if (!hasOwn.call(copy, key)) count++;
        copy[key] = stored;
      }
    } catch (error) {
      warnUnreadable('An attributes object', error);
    }
    if (truncations.count !== truncatedBefore)
      this.countLimited(TRUNCATED_ATTRIBUTES_KEY, truncations.count - truncatedBefore);
    return copy;
  }

  private applyStatus(code: SpanStatusCode, message: string | undefined): void {
    this.status = code;
    if (code === SpanStatusCode.ERROR) {
      const rare = this.moreFields();
      rare.errorMessage = message;
      rare.errorStack ??= rare.lastExceptionStack;
    } else if (this.rare !== undefined) {
      this.rare.errorMessage = undefined;
    }
  }
}
