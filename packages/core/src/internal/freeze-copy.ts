import { types } from 'node:util';

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function readOnly(what: string): never {
  throw new TypeError(`Cannot modify a frozen ${what}: contexts and decisions are immutable.`);
}

const DATE_SETTERS = [
  'setDate',
  'setFullYear',
  'setHours',
  'setMilliseconds',
  'setMinutes',
  'setMonth',
  'setSeconds',
  'setTime',
  'setUTCDate',
  'setUTCFullYear',
  'setUTCHours',
  'setUTCMilliseconds',
  'setUTCMinutes',
  'setUTCMonth',
  'setUTCSeconds',
  'setYear',
] as const;

/** A Date whose setters throw: `Object.freeze` alone leaves a Date's time changeable. */
class FrozenDate extends Date {}
for (const setter of DATE_SETTERS) {
  Object.defineProperty(FrozenDate.prototype, setter, {
    value: () => readOnly('Date'),
    writable: false,
    configurable: false,
  });
}
Object.freeze(FrozenDate.prototype);

/** A Map whose mutators throw once built. */
class FrozenMap<K, V> extends Map<K, V> {
  override set(): this {
    return readOnly('Map');
  }
  override delete(): boolean {
    return readOnly('Map');
  }
  override clear(): void {
    readOnly('Map');
  }
}
Object.freeze(FrozenMap.prototype);

/** A Set whose mutators throw once built. */
class FrozenSet<T> extends Set<T> {
  override add(): this {
    return readOnly('Set');
  }
  override delete(): boolean {
    return readOnly('Set');
  }
  override clear(): void {
    readOnly('Set');
  }
}
Object.freeze(FrozenSet.prototype);

/** An immutable copy of a Date (same time, setters throw). */
export function frozenDate(date: Date): Date {
  return Object.freeze(new FrozenDate(date.getTime()));
}

/**
 * Returns a deeply frozen copy of `value`: plain objects and arrays are copied and frozen at every
 * level (cycles preserved); Dates, Maps and Sets are copied into read-only versions (still
 * `instanceof Date`/`Map`/`Set`, with their mutators throwing), Map and Set values frozen in turn.
 * Other objects (class instances, RegExp, typed arrays) are kept by reference, because freezing
 * them would change the caller's objects.
 */
export function freezeCopy<T>(value: T, seen: Map<object, unknown> = new Map()): T {
  if (value === null || typeof value !== 'object') return value;
  const existing = seen.get(value);
  if (existing !== undefined) return existing as T;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(freezeCopy(item, seen));
    return Object.freeze(copy) as T;
  }
  if (types.isDate(value)) {
    const copy = frozenDate(value);
    seen.set(value, copy);
    return copy as T;
  }
  if (types.isMap(value)) {
    const copy = new FrozenMap<unknown, unknown>();
    seen.set(value, copy);
    for (const [key, item] of value as unknown as Map<unknown, unknown>)
      Map.prototype.set.call(copy, key, freezeCopy(item, seen));
    return Object.freeze(copy) as T;
  }
  if (types.isSet(value)) {
    const copy = new FrozenSet<unknown>();
    seen.set(value, copy);
    for (const item of value as unknown as Set<unknown>) Set.prototype.add.call(copy, freezeCopy(item, seen));
    return Object.freeze(copy) as T;
  }
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const key of Object.keys(value)) {
    copy[key] = freezeCopy((value as Record<string, unknown>)[key], seen);
  }
  return Object.freeze(copy) as T;
}

/** Frozen empty record shared by decisions and contexts without metadata. */
export const EMPTY_METADATA: Readonly<Record<string, unknown>> = Object.freeze({});
