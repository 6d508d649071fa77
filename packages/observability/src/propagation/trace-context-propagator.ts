import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { TRACEPARENT_HEADER, TRACESTATE_HEADER, formatTraceparent, parseTraceparent } from './traceparent';

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? (value.length === 0 ? undefined : value.join(',')) : value;
}

/**
 * OpenTelemetry `TextMapPropagator` for W3C Trace Context (`traceparent`, `tracestate`), the same
 * wire format as `W3CTraceContextPropagator` of `@opentelemetry/core`, without that dependency.
 * `registerGlobal` installs it, so `propagation.inject(context.active(), headers)` and
 * instrumentations that propagate (HTTP clients and servers) carry Clearstone traces.
 *
 * @example
 * ```ts
 * import { context, propagation } from '@opentelemetry/api';
 * propagation.setGlobalPropagator(new TraceContextPropagator());
 * const headers: Record<string, string> = {};
 * propagation.inject(context.active(), headers);
 * ```
 */
export class TraceContextPropagator implements TextMapPropagator {
  /** Writes the span context of `context` into `carrier`; nothing when it has no valid span context. */
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const spanContext = trace.getSpanContext(context);
    if (spanContext === undefined || !isSpanContextValid(spanContext)) return;
    setter.set(carrier, TRACEPARENT_HEADER, formatTraceparent(spanContext));
    const traceState = spanContext.traceState?.serialize();
    if (traceState !== undefined && traceState !== '') setter.set(carrier, TRACESTATE_HEADER, traceState);
  }

  /** `context` with the remote span context read from `carrier`, or `context` unchanged when the carrier has none. */
  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const spanContext = parseTraceparent(
      single(getter.get(carrier, TRACEPARENT_HEADER)),
      single(getter.get(carrier, TRACESTATE_HEADER)),
    );
    if (spanContext === undefined) return context;
    return trace.setSpanContext(context, { ...spanContext, traceFlags: spanContext.traceFlags ?? 1 });
  }

  /** The carrier keys this propagator uses. */
  fields(): string[] {
    return [TRACEPARENT_HEADER, TRACESTATE_HEADER];
  }
}
