/** A value now, or a promise of it when the work met an async policy. */
export type MaybePromise<T> = T | Promise<T>;

/** True for promises and other thenables. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/**
 * Calls `invoke(0..count-1)` in order and hands each result to `onResult`. Stays synchronous while
 * the results are plain values; from the first promise on it continues asynchronously and returns
 * a promise. Errors (thrown or rejected) go to `onError`, which must throw.
 */
export function repeatMaybeAsync<T>(
  count: number,
  invoke: (index: number) => MaybePromise<T>,
  onResult: (value: T, index: number) => void,
  onError: (error: unknown, index: number) => never,
): MaybePromise<void> {
  for (let index = 0; index < count; index++) {
    let result: MaybePromise<T>;
    try {
      result = invoke(index);
    } catch (error) {
      onError(error, index);
    }
    if (isThenable(result)) return continueAsync(count, index, result, invoke, onResult, onError);
    onResult(result, index);
  }
  return undefined;
}

async function continueAsync<T>(
  count: number,
  start: number,
  pending: Promise<T>,
  invoke: (index: number) => MaybePromise<T>,
  onResult: (value: T, index: number) => void,
  onError: (error: unknown, index: number) => never,
): Promise<void> {
  for (let index = start; index < count; index++) {
    let value: T;
    try {
      value = await (index === start ? pending : invoke(index));
    } catch (error) {
      onError(error, index);
    }
    onResult(value, index);
  }
}

/** Applies `next` to a value or to the value of a promise. */
export function thenMaybe<T, U>(value: MaybePromise<T>, next: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isThenable(value) ? value.then(next) : next(value);
}
