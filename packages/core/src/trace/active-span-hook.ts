import { InvalidArgumentError } from '../errors';

/** Where a piece of work runs: the trace and span that enclose it. */
export interface SpanLocation {
  /** Trace id (32 lowercase hex characters). */
  readonly traceId: string;
  /** Span id (16 lowercase hex characters). */
  readonly spanId: string;
}

/** Answers the span that encloses the calling code, or undefined outside any span. */
export type ActiveSpanLocator = () => SpanLocation | undefined;

const hookKey = Symbol.for('clearstone.core.active-span-locator');

interface Hook {
  locator: ActiveSpanLocator | undefined;
}

type GlobalWithHook = typeof globalThis & { [hookKey]?: Hook };

/** One hook per process, shared by every copy of the package. */
const hook: Hook = ((globalThis as GlobalWithHook)[hookKey] ??= { locator: undefined });

/**
 * Installs the function that tells which span encloses the calling code, so packages that do not
 * depend on tracing (the audit trail of `@clearstone/policy`) can link what they record to it.
 * `@clearstone/observability` installs one when it loads; `undefined` removes it. The locator is
 * shared by every copy of `@clearstone/core` in the process; the last one installed wins.
 *
 * @throws InvalidArgumentError when `fn` is neither a function nor undefined.
 * @example
 * ```ts
 * setActiveSpanLocator(() => {
 *   const span = myTracing.currentSpan();
 *   return span && { traceId: span.traceId, spanId: span.spanId };
 * });
 * ```
 */
export function setActiveSpanLocator(fn: ActiveSpanLocator | undefined): void {
  if (fn !== undefined && typeof fn !== 'function') {
    throw new InvalidArgumentError({
      message: 'setActiveSpanLocator expects a function () => { traceId, spanId } | undefined.',
      argument: 'fn',
    });
  }
  hook.locator = fn;
}

/**
 * The trace and span that enclose the calling code, as the installed locator reports them;
 * undefined when none is installed, outside any span, or when the locator fails (never throws).
 *
 * @example
 * ```ts
 * const where = activeSpanLocation(); // { traceId: '4bf9…', spanId: '00f0…' } inside tracer.span(...)
 * ```
 */
export function activeSpanLocation(): SpanLocation | undefined {
  const locator = hook.locator;
  if (locator === undefined) return undefined;
  try {
    const location = locator();
    if (
      location === undefined ||
      location === null ||
      typeof location.traceId !== 'string' ||
      typeof location.spanId !== 'string'
    ) {
      return undefined;
    }
    return location;
  } catch {
    return undefined;
  }
}
