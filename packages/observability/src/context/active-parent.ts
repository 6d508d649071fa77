import { context as otelContext, isSpanContextValid, trace } from '@opentelemetry/api';
import type { Context, SpanContext as OtelSpanContext } from '@opentelemetry/api';
import type { SpanContext } from '../tracer/span-types';
import { activeSpanStorage, isOtelContext } from './active-span';

/**
 * The identity of the parent that `value` designates: a Clearstone span or span context (returned
 * as is), an OpenTelemetry `Context` (its span), or any OpenTelemetry span (its valid span context).
 */
export function toParentContext(value: unknown): SpanContext | undefined {
  if (value === undefined || value === null || typeof value !== 'object') return undefined;
  if (typeof (value as SpanContext).traceId === 'string') return value as SpanContext;
  if (isOtelContext(value)) return toParentContext(trace.getSpan(value));
  if (typeof (value as { spanContext?: unknown }).spanContext === 'function') {
    const spanContext = (value as { spanContext(): OtelSpanContext }).spanContext();
    return isSpanContextValid(spanContext) ? spanContext : undefined;
  }
  return undefined;
}

/**
 * The parent of a span started now without an explicit one: the active Clearstone span, else the
 * span of OpenTelemetry's active context (set through another context manager, if one is
 * registered instead of `ClearstoneContextManager`).
 */
export function currentParent(active: unknown = activeSpanStorage.getStore()): SpanContext | undefined {
  if (active !== undefined) return toParentContext(active);
  return toParentContext(trace.getSpan(otelContext.active()));
}

/** What to store while `span` is active: the span itself, or `base` with the span set when `base` is an OpenTelemetry context. */
export function activationValue<S extends object>(span: S, base: unknown): S | Context {
  return isOtelContext(base) ? trace.setSpan(base, span as never) : span;
}
