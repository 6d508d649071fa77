import type { Context } from '@opentelemetry/api';
import { trace } from '@opentelemetry/api';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span, SpanContext } from '../tracer/span-types';

const storageKey = Symbol.for('clearstone.observability.active-span');

/**
 * What the storage holds: a Clearstone span or span context (the fast path of `tracer.span`), or an
 * OpenTelemetry `Context` (set through `context.with` of the OpenTelemetry API, or by a span
 * started inside one, so that its other values — baggage — are kept).
 */
export type ActiveValue = Span | SpanContext | Context;

type GlobalWithStorage = typeof globalThis & { [storageKey]?: AsyncLocalStorage<ActiveValue> };

/**
 * The ambient parent of new spans. One storage per process, shared by every copy of the package,
 * so spans of different tracers and providers nest in one trace. `ClearstoneContextManager` serves
 * OpenTelemetry's active context from the same storage.
 */
export const activeSpanStorage: AsyncLocalStorage<ActiveValue> = ((globalThis as GlobalWithStorage)[storageKey] ??=
  new AsyncLocalStorage<ActiveValue>());

/** True when `value` is an OpenTelemetry `Context` rather than a span or span context. */
export function isOtelContext(value: unknown): value is Context {
  return typeof (value as Partial<Context> | undefined)?.getValue === 'function';
}

function isClearstoneSpan(value: unknown): value is Span {
  return (
    typeof (value as Partial<Span> | undefined)?.setOutput === 'function' && typeof (value as Span).traceId === 'string'
  );
}

/**
 * The span that encloses the calling code (set by `tracer.span`, `startActiveSpan` or
 * {@link withActiveSpan}), if it is a Clearstone span. Undefined at top level, and when the
 * enclosing parent is a remote span context or a span of another OpenTelemetry SDK.
 *
 * @example
 * ```ts
 * getActiveSpan()?.addEvent('cache miss');
 * ```
 */
export function getActiveSpan(): Span | undefined {
  const active = activeSpanStorage.getStore();
  if (isClearstoneSpan(active)) return active;
  if (isOtelContext(active)) {
    const span = trace.getSpan(active);
    return isClearstoneSpan(span) ? span : undefined;
  }
  return undefined;
}

/**
 * Runs `fn` with `span` (or a span context, e.g. one extracted from a remote request) as the parent
 * of every span started inside it, across `await`, timers and `Promise.all` branches. Returns what
 * `fn` returns. Does not end the span.
 *
 * @example
 * ```ts
 * const span = tracer.startSpan('chain');
 * await withActiveSpan(span, () => runChain()); // spans inside runChain are children of `span`
 * span.end();
 * ```
 */
export function withActiveSpan<T>(span: Span | SpanContext, fn: () => T): T {
  const active = activeSpanStorage.getStore();
  // Inside an OpenTelemetry context, keep its other values (baggage) alongside the new span.
  if (isOtelContext(active))
    return activeSpanStorage.run(
      isClearstoneSpan(span) ? trace.setSpan(active, span) : trace.setSpanContext(active, { traceFlags: 1, ...span }),
      fn,
    );
  return activeSpanStorage.run(span, fn);
}
