import { types } from 'node:util';

/**
 * The key that marks a tagged leaf in serialized JSON: `{"__type__": "Date", "value": "…"}`.
 * A plain object that has this key itself is escaped as `{"__type__": "Object", "value": {…}}`.
 */
export const TYPE_KEY = '__type__';

/** Tags written in place of leaves JSON cannot carry (and `Object`, the escape). */
export const Tag = {
  Undefined: 'undefined',
  Number: 'Number',
  BigInt: 'BigInt',
  Date: 'Date',
  RegExp: 'RegExp',
  Map: 'Map',
  Set: 'Set',
  Error: 'Error',
  Class: 'Class',
  Object: 'Object',
  ArrayBuffer: 'ArrayBuffer',
  DataView: 'DataView',
  Buffer: 'Buffer',
} as const;

/** Tags that only ever appear as the whole serialized text (envelopes of the earlier format and of fallbacks). */
export const ENVELOPE_TAGS: ReadonlySet<string> = new Set(['json', 'v8', 'v8-graph', 'error']);

/** Encodings of the numbers JSON cannot write. */
export const SPECIAL_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['-0', -0],
]);

/** A typed array constructor, as far as the serializer uses it. */
export interface TypedArrayConstructor {
  readonly BYTES_PER_ELEMENT: number;
  new (buffer: ArrayBuffer): ArrayBufferView;
}

/** Typed array constructors by tag (their own names). */
export const TYPED_ARRAYS: ReadonlyMap<string, TypedArrayConstructor> = new Map<string, TypedArrayConstructor>([
  ['Int8Array', Int8Array],
  ['Uint8Array', Uint8Array],
  ['Uint8ClampedArray', Uint8ClampedArray],
  ['Int16Array', Int16Array],
  ['Uint16Array', Uint16Array],
  ['Int32Array', Int32Array],
  ['Uint32Array', Uint32Array],
  ['Float32Array', Float32Array],
  ['Float64Array', Float64Array],
  ['BigInt64Array', BigInt64Array],
  ['BigUint64Array', BigUint64Array],
]);

/** Base64 text, as `Buffer#toString('base64')` writes it. */
export const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * True for objects created by `{}`, `Object.create(null)` or in another realm: whose prototype is
 * an `Object.prototype` or null.
 */
export function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return (
    prototype === Object.prototype ||
    prototype === null ||
    (Object.getPrototypeOf(prototype) === null && Object.prototype.toString.call(value) === '[object Object]')
  );
}

/** Sets an own enumerable property, also when the key is `__proto__` (never touching the prototype). */
export function setOwn(target: object, key: string | number, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    (target as Record<string | number, unknown>)[key] = value;
  }
}

/**
 * Objects with internal state the tagged JSON cannot write and that are not containers of fields
 * (promises, weak collections, boxed primitives, shared memory, proxies of class instances…):
 * such a value goes to V8's serializer, which stores or refuses it as it always did.
 */
export function isOpaqueObject(value: object): boolean {
  return (
    types.isProxy(value) ||
    types.isPromise(value) ||
    types.isWeakMap(value) ||
    types.isWeakSet(value) ||
    types.isBoxedPrimitive(value) ||
    types.isSharedArrayBuffer(value) ||
    types.isGeneratorObject(value) ||
    types.isModuleNamespaceObject(value) ||
    types.isExternal(value) ||
    types.isKeyObject(value) ||
    types.isCryptoKey(value) ||
    Object.prototype.toString.call(value) === '[object WeakRef]'
  );
}
