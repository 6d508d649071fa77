import { types } from 'node:util';
import { findClassName } from './class-registry';
import { Tag, TYPED_ARRAYS, TYPE_KEY, isOpaqueObject, isPlainObject, setOwn } from './tags';

/** Returned by {@link encodeTagged} for a value the tagged JSON cannot hold (a cycle, a function…). */
export const NEEDS_V8: unique symbol = Symbol('clearstone.serialization.needsV8');

/**
 * Deepest JSON nesting written as tagged JSON (tags count: a Map entry sits three levels below
 * its Map). Deeper values go to the V8 envelopes, which were made for them.
 */
export const MAX_JSON_DEPTH = 512;

const UNDEFINED = { [TYPE_KEY]: Tag.Undefined };
const hasOwn = (target: object, key: string): boolean => Object.prototype.hasOwnProperty.call(target, key);
const typedArrayName = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)!
  .get as (this: ArrayBufferView) => string | undefined;

type Encoded = unknown;
type Result = Encoded | typeof NEEDS_V8;

/** Objects on the path from the root to the value being encoded: meeting one again is a cycle. */
type Ancestors = Set<object>;

function tag(type: string, value: unknown): Record<string, unknown> {
  return { [TYPE_KEY]: type, value };
}

function base64(view: ArrayBufferView | ArrayBuffer): string {
  return ArrayBuffer.isView(view)
    ? Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64')
    : Buffer.from(view).toString('base64');
}

function encodeNumber(value: number): Result {
  if (Number.isFinite(value) && !Object.is(value, -0)) return value;
  return tag(Tag.Number, Object.is(value, -0) ? '-0' : String(value));
}

function encodeValue(value: unknown, depth: number, ancestors: Ancestors): Result {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return encodeNumber(value);
    case 'bigint':
      return tag(Tag.BigInt, value.toString());
    case 'undefined':
      return UNDEFINED;
    case 'object':
      if (value === null) return null;
      if (depth > MAX_JSON_DEPTH || ancestors.has(value)) return NEEDS_V8;
      ancestors.add(value);
      try {
        return encodeObject(value, depth, ancestors);
      } finally {
        ancestors.delete(value);
      }
    default:
      return NEEDS_V8;
  }
}

/** Encodes an array; returns the array itself when none of its items changed. */
function encodeArray(array: unknown[], depth: number, ancestors: Ancestors): Result {
  // An Array subclass or another realm's array may have a toJSON of its own: always write a copy.
  let copy: unknown[] | undefined = Object.getPrototypeOf(array) === Array.prototype ? undefined : [];
  for (let index = 0; index < array.length; index++) {
    if (!(index in array)) return NEEDS_V8;
    const item = array[index];
    const encoded = encodeValue(item, depth + 1, ancestors);
    if (encoded === NEEDS_V8) return NEEDS_V8;
    if (copy === undefined && encoded !== item) copy = array.slice(0, index);
    if (copy !== undefined) copy.push(encoded);
  }
  return copy ?? array;
}

/**
 * Encodes own enumerable string-keyed fields into `into`, or, without it, returns `record` itself
 * when no field changed (a plain object JSON writes as it is).
 */
function encodeFields(
  record: object,
  depth: number,
  ancestors: Ancestors,
  into?: Record<string, unknown>,
  skip?: ReadonlySet<string>,
): Record<string, unknown> | typeof NEEDS_V8 {
  const source = record as Record<string, unknown>;
  const keys = Object.keys(record);
  let copy = into;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index];
    if (skip?.has(key)) continue;
    const item = source[key];
    const encoded = encodeValue(item, depth + 1, ancestors);
    if (encoded === NEEDS_V8) return NEEDS_V8;
    if (copy === undefined && encoded !== item) {
      copy = {};
      for (let earlier = 0; earlier < index; earlier++) setOwn(copy, keys[earlier], source[keys[earlier]]);
    }
    if (copy !== undefined) setOwn(copy, key, encoded);
  }
  return copy ?? source;
}

/** A plain object (or the fields of an unregistered class instance), escaped when it has a `__type__` key. */
function encodeRecord(record: object, depth: number, ancestors: Ancestors, copy: boolean): Result {
  const fields = encodeFields(record, depth, ancestors, copy ? {} : undefined);
  if (fields === NEEDS_V8) return NEEDS_V8;
  return hasOwn(fields, TYPE_KEY) ? tag(Tag.Object, fields) : fields;
}

const ERROR_FIELDS: ReadonlySet<string> = new Set(['name', 'message', 'stack', 'cause', 'errors']);

/** An Error as `{name, message, stack, cause?, errors?, …own enumerable fields}`. */
function encodeError(error: Error, depth: number, ancestors: Ancestors): Result {
  const fields: Record<string, unknown> = {};
  const add = (key: string, item: unknown): boolean => {
    const encoded = encodeValue(item, depth + 2, ancestors);
    if (encoded === NEEDS_V8) return false;
    fields[key] = encoded;
    return true;
  };
  const name: unknown = error.name;
  if (typeof name === 'string' && !add('name', name)) return NEEDS_V8;
  if (hasOwn(error, 'message') && !add('message', error.message)) return NEEDS_V8;
  const stack: unknown = error.stack;
  if (typeof stack === 'string' && !add('stack', stack)) return NEEDS_V8;
  for (const key of ['cause', 'errors']) {
    if (hasOwn(error, key) && !add(key, (error as unknown as Record<string, unknown>)[key])) return NEEDS_V8;
  }
  return encodeFields(error, depth + 1, ancestors, fields, ERROR_FIELDS) === NEEDS_V8
    ? NEEDS_V8
    : tag(Tag.Error, fields);
}

/** Leaves with a tag of their own, or undefined for an object that is not one. */
function encodeLeaf(value: object): Result | undefined {
  if (types.isDate(value)) {
    const time = value.getTime();
    return tag(Tag.Date, Number.isNaN(time) ? null : value.toISOString());
  }
  if (types.isRegExp(value)) return tag(Tag.RegExp, `/${value.source}/${value.flags}`);
  if (ArrayBuffer.isView(value)) {
    if (Buffer.isBuffer(value)) return tag(Tag.Buffer, base64(value));
    if (types.isDataView(value)) return tag(Tag.DataView, base64(value));
    const name = typedArrayName.call(value);
    return name !== undefined && TYPED_ARRAYS.has(name) ? tag(name, base64(value)) : NEEDS_V8;
  }
  if (types.isArrayBuffer(value)) return tag(Tag.ArrayBuffer, base64(value));
  return undefined;
}

function encodeObject(value: object, depth: number, ancestors: Ancestors): Result {
  if (isPlainObject(value)) return encodeRecord(value, depth, ancestors, false);
  if (Array.isArray(value)) return encodeArray(value, depth, ancestors);
  if (types.isMap(value)) {
    const pairs: unknown[] = [];
    for (const [key, item] of value) {
      const encodedKey = encodeValue(key, depth + 3, ancestors);
      if (encodedKey === NEEDS_V8) return NEEDS_V8;
      const encodedItem = encodeValue(item, depth + 3, ancestors);
      if (encodedItem === NEEDS_V8) return NEEDS_V8;
      pairs.push([encodedKey, encodedItem]);
    }
    return tag(Tag.Map, pairs);
  }
  if (types.isSet(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const encoded = encodeValue(item, depth + 2, ancestors);
      if (encoded === NEEDS_V8) return NEEDS_V8;
      items.push(encoded);
    }
    return tag(Tag.Set, items);
  }
  const className = findClassName(value);
  if (className !== undefined) {
    const fields = encodeFields(value, depth + 1, ancestors, {});
    return fields === NEEDS_V8 ? NEEDS_V8 : { [TYPE_KEY]: Tag.Class, class: className, value: fields };
  }
  const leaf = encodeLeaf(value);
  if (leaf !== undefined) return leaf;
  if (types.isNativeError(value)) return encodeError(value, depth, ancestors);
  if (isOpaqueObject(value)) return NEEDS_V8;
  // An instance of an unregistered class: its own fields, as V8's serializer stored it before.
  return encodeRecord(value, depth, ancestors, true);
}

/**
 * Encodes `value` as a tree JSON.stringify writes losslessly: leaves JSON cannot carry become
 * `{"__type__": …, "value": …}` tags in place, plain objects that have a `__type__` key are escaped,
 * and subtrees that need no tag are the caller's own objects (not copied). Returns
 * {@link NEEDS_V8} for a cycle, a sparse array, nesting past {@link MAX_JSON_DEPTH}, or a value
 * only V8's serializer can store or refuse (functions, symbols, promises, proxies…).
 */
export function encodeTagged(value: unknown): Result {
  return encodeValue(value, 0, new Set());
}
