import { SpanKind } from '@clearstone/core';
import { activeSpanStorage } from '../context/active-span';
import { RecordingSpan } from './recording-span';
import type { SpanOwner } from './recording-span';
import type { Span, SpanOptions, StartSpanOptions } from './span-types';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

function runInSpan<T>(span: RecordingSpan, fn: (span: Span) => T): T {
  let result: T;
  try {
    result = activeSpanStorage.run(span, fn, span);
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

/**
 * Creates spans for one instrumentation scope (name and version). Obtain it from
 * `provider.getTracer(name, version)`.
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
export class Tracer {
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
    if (typeof optionsOrFn === 'function') return runInSpan(this.createSpan(name, undefined), optionsOrFn);
    return runInSpan(this.createSpan(name, optionsOrFn), maybeFn as (span: Span) => T);
  }

  /**
   * Starts a span that the caller ends (`span.end()`, or `using span = tracer.startSpan(...)`).
   * It does not become the active span; use `withActiveSpan(span, fn)` for that.
   */
  startSpan(name: string, options?: StartSpanOptions): Span {
    return this.createSpan(name, options);
  }

  private createSpan(name: string, options: SpanOptions | undefined): RecordingSpan {
    if (options === undefined) {
      return new RecordingSpan(this.owner, name, SpanKind.INTERNAL, activeSpanStorage.getStore(), undefined, undefined);
    }
    const parent = options.parent === undefined ? activeSpanStorage.getStore() : (options.parent ?? undefined);
    const span = new RecordingSpan(this.owner, name, options.kind ?? SpanKind.INTERNAL, parent, options.startTimeNs, options.links);
    if (options.attributes !== undefined) span.setAttributes(options.attributes);
    if (options.input !== undefined) span.setInput(options.input);
    return span;
  }
}
