import type { Awaitable } from './types';

/**
 * Applies `next` to a value or to what a promise resolves to, staying synchronous for values: the
 * policies over a synchronous store stay synchronous, those over a networked store become async.
 */
export function then<T, R>(value: Awaitable<T>, next: (resolved: T) => Awaitable<R>): Awaitable<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** Like {@link then}, with `recover` answering for a throw or a rejection. */
export function thenOrRecover<T, R>(
  run: () => Awaitable<T>,
  next: (resolved: T) => Awaitable<R>,
  recover: (error: unknown) => Awaitable<R>,
): Awaitable<R> {
  let value: Awaitable<T>;
  try {
    value = run();
  } catch (error) {
    return recover(error);
  }
  if (value instanceof Promise) return value.then(next, recover);
  try {
    return next(value);
  } catch (error) {
    return recover(error);
  }
}
