import { setActiveSpanLocator, type SpanLocation } from '@clearstone/core';
import { currentParent } from './active-parent';

/**
 * The trace and span that enclose the calling code — the active Clearstone span (`tracer.span`,
 * `withActiveSpan`) or the span of OpenTelemetry's active context — or undefined outside any span.
 */
export function locateActiveSpan(): SpanLocation | undefined {
  const parent = currentParent();
  return parent === undefined ? undefined : { traceId: parent.traceId, spanId: parent.spanId };
}

/**
 * Installs {@link locateActiveSpan} as `@clearstone/core`'s active-span locator, so audit entries
 * recorded inside a span are linked to it. Runs when the package loads; calling it again is harmless.
 */
export function installActiveSpanLocator(): void {
  setActiveSpanLocator(locateActiveSpan);
}
