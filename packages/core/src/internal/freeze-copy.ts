function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Returns a deeply frozen copy of `value`: plain objects and arrays are copied and frozen at every
 * level (cycles preserved); other objects (Date, Map, class instances, RegExp) are kept by
 * reference, because freezing them would change the caller's objects.
 */
export function freezeCopy<T>(value: T, seen: Map<object, unknown> = new Map()): T {
  if (value === null || typeof value !== 'object') return value;
  const existing = seen.get(value as object);
  if (existing !== undefined) return existing as T;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(freezeCopy(item, seen));
    return Object.freeze(copy) as T;
  }
  if (!isPlainObject(value as object)) return value;
  const copy: Record<string, unknown> = {};
  seen.set(value as object, copy);
  for (const key of Object.keys(value as object)) {
    copy[key] = freezeCopy((value as Record<string, unknown>)[key], seen);
  }
  return Object.freeze(copy) as T;
}

/** Frozen empty record shared by decisions and contexts without metadata. */
export const EMPTY_METADATA: Readonly<Record<string, unknown>> = Object.freeze({});
