import { AsyncLocalStorage } from 'node:async_hooks';
import type { PolicyContext } from './policy-context';

const storageKey = Symbol.for('clearstone.context.storage');

type GlobalWithStorage = typeof globalThis & { [storageKey]?: AsyncLocalStorage<PolicyContext> };

// One storage per process, shared by every copy of the package.
const storage: AsyncLocalStorage<PolicyContext> = ((globalThis as GlobalWithStorage)[storageKey] ??=
  new AsyncLocalStorage<PolicyContext>());

/**
 * Runs `fn` with `ctx` as the ambient policy context. The context holds across `await`, timers
 * and concurrent `Promise.all` branches started inside `fn`; nested scopes restore the outer one.
 *
 * @example
 * ```ts
 * await contextScope(ctx, async () => {
 *   const decision = await engine.evaluate(); // uses ctx
 * });
 * ```
 */
export function contextScope<T>(ctx: PolicyContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The ambient policy context set by the nearest enclosing {@link contextScope}, if any. */
export function getCurrentContext(): PolicyContext | undefined {
  return storage.getStore();
}
