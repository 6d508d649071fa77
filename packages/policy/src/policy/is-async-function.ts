/**
 * True when `fn` is an `async function` (or an async arrow or method, bound or not), known without
 * calling it. A function that returns promises without being declared `async` — or one compiled to
 * an older JavaScript target — is not recognised; give its policy `{ async: true }` instead.
 *
 * @example
 * ```ts
 * isAsyncFunction(async () => ALLOW); // true
 * isAsyncFunction(() => Promise.resolve(ALLOW)); // false
 * ```
 */
export function isAsyncFunction(fn: unknown): boolean {
  if (typeof fn !== 'function') return false;
  try {
    return (
      (fn as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'AsyncFunction' ||
      (fn.constructor as { name?: unknown } | undefined)?.name === 'AsyncFunction'
    );
  } catch {
    return false;
  }
}
