import { context, propagation, trace } from '@opentelemetry/api';
import type { ContextManager, TextMapPropagator, TracerProvider as OtelTracerProvider } from '@opentelemetry/api';
import { ClearstoneContextManager } from '../context';
import { TraceContextPropagator } from '../propagation';

/** Options of {@link registerGlobal}. */
export interface RegisterGlobalOptions {
  /** Context manager to install; default a `ClearstoneContextManager`. `false`: leave the context manager alone. */
  contextManager?: ContextManager | false;
  /** Propagator to install; default a `TraceContextPropagator` (W3C). `false`: leave the propagator alone. */
  propagator?: TextMapPropagator | false;
}

/** What {@link registerGlobal} installed. An OpenTelemetry global that was already set is not replaced (false). */
export interface GlobalRegistration {
  /** True when the provider became the global OpenTelemetry tracer provider. */
  tracerProvider: boolean;
  /** True when a context manager was installed as the global one; false when kept or not asked for. */
  contextManager: boolean;
  /** True when a propagator was installed as the global one; false when kept or not asked for. */
  propagator: boolean;
  /** Removes the globals this call installed (and only those). */
  unregister(): void;
}

function warnTaken(what: string, consequence: string): void {
  process.emitWarning(
    `registerGlobal: an OpenTelemetry global ${what} is already registered and was kept. ${consequence}`,
    { code: 'CLEARSTONE_OTEL_GLOBAL_TAKEN' },
  );
}

/**
 * Makes `provider` the OpenTelemetry global tracer provider, installs a context manager that shares
 * Clearstone's active span (so OpenTelemetry-API spans and Clearstone spans nest in either order)
 * and the W3C Trace Context propagator. Code instrumented with `@opentelemetry/api`
 * (`trace.getTracer(...).startActiveSpan(...)`) then records into Clearstone.
 *
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api';
 * const provider = new TracerProvider({ dbPath: 'traces.db' });
 * registerGlobal(provider);
 * trace.getTracer('my-lib').startActiveSpan('lookup', (span) => { ...; span.end(); });
 * ```
 */
export function registerGlobal(provider: OtelTracerProvider, options: RegisterGlobalOptions = {}): GlobalRegistration {
  const tracerProvider = trace.setGlobalTracerProvider(provider);
  if (!tracerProvider) warnTaken('tracer provider', 'Call trace.disable() first to make this provider the global one.');
  let contextManager = false;
  if (options.contextManager !== false) {
    contextManager = context.setGlobalContextManager(
      (options.contextManager ?? new ClearstoneContextManager()).enable(),
    );
    if (!contextManager)
      warnTaken(
        'context manager',
        'Spans activated only through it (context.with) are seen as parents when no Clearstone span is active; use ClearstoneContextManager for exact nesting.',
      );
  }
  let propagator = false;
  if (options.propagator !== false)
    propagator = propagation.setGlobalPropagator(options.propagator ?? new TraceContextPropagator());
  return {
    tracerProvider,
    contextManager,
    propagator,
    unregister() {
      if (tracerProvider) trace.disable();
      if (contextManager) context.disable();
      if (propagator) propagation.disable();
    },
  };
}
