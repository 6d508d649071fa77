import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span, SpanContext } from '../tracer/span-types';

const storageKey = Symbol.for('clearstone.observability.active-span');

type GlobalWithStorage = typeof globalThis & { [storageKey]?: AsyncLocalStorage<Span | SpanContext> };

/**
 * The ambient parent of new spans. One storage per process, shared by every copy of the package,
 * so spans of different tracers and providers nest in one trace.
 */
export const activeSpanStorage: AsyncLocalStorage<Span | SpanContext> =
  ((globalThis as GlobalWithStorage)[storageKey] ??= new AsyncLocalStorage<Span | SpanContext>());

/**
 * The span that encloses the calling code (set by `tracer.span` or {@link withActiveSpan}), if any.
 * Undefined at top level, and when the enclosing parent is a remote span context.
 *
 * @example
 * ```ts
 * getActiveSpan()?.addEvent('cache miss');
 * ```
 */
export function getActiveSpan(): Span | undefined {
  const active = activeSpanStorage.getStore();
  return active !== undefined && 'setAttribute' in active ? active : undefined;
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
  return activeSpanStorage.run(span, fn);
}
