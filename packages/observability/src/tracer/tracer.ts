import { SpanKind } from '@clearstone/core';
import type { Context, Tracer as OtelTracer } from '@opentelemetry/api';
import { activationValue, activeSpanStorage, currentParent, toParentContext } from '../context';
import { toSpanKind } from './otel-codes';
import { toEpochNanoseconds } from './otel-time';
import { RecordingSpan } from './recording-span';
import type { SpanOwner } from './recording-span';
import type { Span, SpanContext, SpanOptions, StartSpanOptions } from './span-types';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function runInSpan<T>(span: RecordingSpan, active: unknown, fn: (span: Span) => T): T {
  let result: T;
  try {
    result = activeSpanStorage.run(activationValue(span, active), fn, span);
  } catch (error) {
    span.fail(error);
    span.end();
    throw error;
  }
  if (!isThenable(result)) {
    span.succeed();
    span.end();
    return result;
  }
  return result.then(
    (value) => {
      span.succeed();
      span.end();
      return value;
    },
    (error: unknown) => {
      span.fail(error);
      span.end();
      throw error;
    },
  ) as T;
}

type ActiveSpanFunction = (span: Span) => unknown;

/** The parent designated by the active value: a Clearstone span as it is (its ids are not rendered as text). */
function parentOf(active: unknown): SpanContext | undefined {
  return active instanceof RecordingSpan ? active : currentParent(active);
}

/**
 * Creates spans for one instrumentation scope (name and version). Obtain it from
 * `provider.getTracer(name, version)`. It is also an OpenTelemetry API `Tracer`
 * (`startSpan(name, options, context)`, `startActiveSpan`), which is what instrumented libraries
 * get from `trace.getTracer()` once the provider is registered globally.
 *
 * @example
 * ```ts
 * const tracer = provider.getTracer('my-agent', '1.0.0');
 * const answer = await tracer.span('agent.run', { input: question }, async (span) => {
 *   const result = await tracer.span('llm.call', { kind: SpanKind.CLIENT }, () => callModel(question));
 *   span.setOutput(result);
 *   return result;
 * });
 * ```
 */
export class Tracer implements OtelTracer {
  /** Instrumentation scope name. */
  readonly name: string;
  /** Instrumentation scope version. */
  readonly version: string | undefined;
  private readonly owner: SpanOwner;

  /** Tracers are created by `TracerProvider.getTracer`. */
  constructor(owner: SpanOwner) {
    this.owner = owner;
    this.name = owner.instrumentationName;
    this.version = owner.instrumentationVersion;
  }

  /**
   * Runs `fn` inside a new span, which is the active span (parent of spans started within) for the
   * whole of `fn`, across `await`. The span ends when `fn` returns or its promise settles: OK on
   * success unless a status was set, ERROR with message and stack (and an `exception` event) when
   * it throws or rejects — the error is rethrown. Returns what `fn` returns.
   */
  span<T>(name: string, fn: (span: Span) => T): T;
  span<T>(name: string, options: SpanOptions, fn: (span: Span) => T): T;
  span<T>(name: string, optionsOrFn: SpanOptions | ((span: Span) => T), maybeFn?: (span: Span) => T): T {
    const active = activeSpanStorage.getStore();
    if (typeof optionsOrFn === 'function')
      return runInSpan(this.createSpan(name, undefined, active, undefined), active, optionsOrFn);
    return runInSpan(this.createSpan(name, optionsOrFn, active, undefined), active, maybeFn as (span: Span) => T);
  }

  /**
   * Starts a span that the caller ends (`span.end()`, or `using span = tracer.startSpan(...)`).
   * It does not become the active span; use `withActiveSpan(span, fn)` for that. `context` (an
   * OpenTelemetry `Context`) chooses the parent as in OpenTelemetry; `options.parent` wins over it.
   */
  startSpan(name: string, options?: StartSpanOptions, context?: Context): Span {
    const active = context ?? activeSpanStorage.getStore();
    return this.createSpan(name, options, active, context);
  }

  /**
   * OpenTelemetry's form: runs `fn(span)` with a new span active and returns what `fn` returns.
   * Unlike `span()`, the span is not ended for you — `fn` calls `span.end()`.
   */
  startActiveSpan<F extends ActiveSpanFunction>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends ActiveSpanFunction>(name: string, options: StartSpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends ActiveSpanFunction>(
    name: string,
    options: StartSpanOptions,
    context: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends ActiveSpanFunction>(
    name: string,
    ...rest: [F] | [StartSpanOptions, F] | [StartSpanOptions, Context, F]
  ): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length > 1 ? (rest[0] as StartSpanOptions) : undefined;
    const context = rest.length > 2 ? (rest[1] as Context) : undefined;
    const active = context ?? activeSpanStorage.getStore();
    const span = this.createSpan(name, options, active, context);
    return activeSpanStorage.run(activationValue(span, active), fn, span) as ReturnType<F>;
  }

  private createSpan(
    name: string,
    options: SpanOptions | undefined,
    active: unknown,
    explicitContext: Context | undefined,
  ): RecordingSpan {
    if (options === undefined) {
      const parent = explicitContext === undefined ? parentOf(active) : toParentContext(explicitContext);
      return new RecordingSpan(this.owner, name, SpanKind.INTERNAL, parent, undefined, undefined);
    }
    let parent: SpanContext | undefined;
    if (options.root === true || options.parent === null) parent = undefined;
    else if (options.parent !== undefined) parent = toParentContext(options.parent);
    else parent = explicitContext === undefined ? parentOf(active) : toParentContext(explicitContext);
    const startTimeNs =
      options.startTimeNs ?? (options.startTime === undefined ? undefined : toEpochNanoseconds(options.startTime));
    const span = new RecordingSpan(
      this.owner,
      name,
      toSpanKind(options.kind),
      parent,
      startTimeNs,
      options.links,
      options.spanId,
    );
    if (options.attributes !== undefined) span.setAttributes(options.attributes);
    if (options.input !== undefined) span.setInput(options.input);
    return span;
  }
}
