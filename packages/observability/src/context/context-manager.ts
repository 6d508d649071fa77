import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { Context, ContextManager } from '@opentelemetry/api';
import { activeSpanStorage, isOtelContext } from './active-span';
import { installActiveSpanLocator } from './active-span-locator';

// Audit entries (and anything else that asks @clearstone/core) see the span active here.
installActiveSpanLocator();

/**
 * OpenTelemetry `ContextManager` backed by Clearstone's active-span storage, so that the
 * OpenTelemetry API and Clearstone agree on the active span: `context.active()` sees a span
 * started with `tracer.span(...)`, and spans started by `tracer.span(...)` inside
 * `context.with(...)` / `startActiveSpan(...)` nest under the OpenTelemetry span. `registerGlobal`
 * installs it. The storage is shared by the whole process: `disable()` does not turn it off.
 *
 * @example
 * ```ts
 * import { context } from '@opentelemetry/api';
 * context.setGlobalContextManager(new ClearstoneContextManager());
 * ```
 */
export class ClearstoneContextManager implements ContextManager {
  /** The active context: the stored OpenTelemetry context, or one holding the active Clearstone span. */
  active(): Context {
    const value = activeSpanStorage.getStore();
    if (value === undefined) return ROOT_CONTEXT;
    if (isOtelContext(value)) return value;
    if (typeof (value as { spanContext?: unknown }).spanContext === 'function')
      return trace.setSpan(ROOT_CONTEXT, value as never);
    return trace.setSpanContext(ROOT_CONTEXT, { traceFlags: 1, ...value });
  }

  /** Runs `fn` (bound to `thisArg`, with `args`) with `context` active. */
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const callback = thisArg === undefined ? fn : (fn.bind(thisArg) as F);
    return activeSpanStorage.run(context, callback, ...args);
  }

  /** A function that runs `target` with `context` active; other values are returned unchanged. */
  bind<T>(context: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const runBound = (thisArg: unknown, args: unknown[]): unknown =>
      this.with(context, () => (target as (...args: unknown[]) => unknown).apply(thisArg, args));
    const bound = function (this: unknown, ...args: unknown[]): unknown {
      return runBound(this, args);
    };
    Object.defineProperty(bound, 'length', { value: (target as (...args: unknown[]) => unknown).length });
    return bound as T;
  }

  /** Nothing to start: the storage is always on. */
  enable(): this {
    return this;
  }

  /** Nothing to stop: the storage is shared with Clearstone's own tracing. */
  disable(): this {
    return this;
  }
}
