import { SerializationError } from '../errors/serialization-error';
import { getRegisteredClass, unknownClassError } from './class-registry';
import { BASE64, SPECIAL_NUMBERS, Tag, TYPED_ARRAYS, TYPE_KEY, setOwn } from './tags';

/** What {@link decodeTag} does with a class that is not registered. */
export type UnknownClassMode = 'throw' | 'plain';

/** A tag object as parsed: `{"__type__": …, "value": …}` (and `class` for class instances). */
export type TagObject = Record<string, unknown> & { [TYPE_KEY]: string };

const REGEXP_FLAGS = /^[dgimsuvy]*$/;
const DECIMAL = /^-?\d+$/;

const STANDARD_ERRORS: ReadonlyMap<string, ErrorConstructor> = new Map<string, ErrorConstructor>([
  ['Error', Error],
  ['EvalError', EvalError],
  ['RangeError', RangeError],
  ['ReferenceError', ReferenceError],
  ['SyntaxError', SyntaxError],
  ['TypeError', TypeError],
  ['URIError', URIError],
]);

/** Throws DESERIALIZATION_FAILED for a tag whose value does not have the shape its type needs. */
export function malformed(tag: string, detail: string): never {
  throw new SerializationError({
    code: 'DESERIALIZATION_FAILED',
    message: `Invalid serialized data: a "${tag}" tag ${detail}.`,
  });
}

function bytes(tag: string, value: unknown): Buffer {
  if (typeof value !== 'string' || !BASE64.test(value)) malformed(tag, 'does not hold base64 text');
  return Buffer.from(value, 'base64');
}

/** A fresh ArrayBuffer holding the tag's bytes (fresh, so that every typed array is aligned). */
function arrayBuffer(tag: string, value: unknown): ArrayBuffer {
  const data = bytes(tag, value);
  const buffer = new ArrayBuffer(data.length);
  new Uint8Array(buffer).set(data);
  return buffer;
}

function defineHidden(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: false, configurable: true });
}

/** Rebuilds an Error from its fields; only the standard Error constructors are ever called. */
function decodeError(fields: Record<string, unknown>): Error {
  const name = typeof fields.name === 'string' ? fields.name : 'Error';
  const message = typeof fields.message === 'string' ? fields.message : undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0; // the stack is the recorded one, not the decoder's
  let error: Error;
  try {
    if (name === 'AggregateError') {
      error = new AggregateError(Array.isArray(fields.errors) ? (fields.errors as unknown[]) : [], message);
    } else {
      const Constructor = STANDARD_ERRORS.get(name);
      error = Constructor === undefined ? new Error(message) : new Constructor(message);
      if (Constructor === undefined) defineHidden(error, 'name', name);
    }
  } finally {
    Error.stackTraceLimit = limit;
  }
  if ('stack' in fields) defineHidden(error, 'stack', fields.stack);
  else delete (error as { stack?: string }).stack;
  for (const key of Object.keys(fields)) {
    if (key === 'name' || key === 'stack' || (key === 'message' && message !== undefined)) continue;
    if (key === 'errors' && name === 'AggregateError') continue;
    if (key === 'message' || key === 'cause' || key === 'errors') defineHidden(error, key, fields[key]);
    else setOwn(error, key, fields[key]);
  }
  return error;
}

function decodeInstance(tag: TagObject, fields: Record<string, unknown>, onUnknownClass: UnknownClassMode): object {
  const className = tag.class;
  if (typeof className !== 'string' || className === '') malformed(Tag.Class, 'has no class name');
  const cls = getRegisteredClass(className);
  if (cls === undefined && onUnknownClass !== 'plain') throw unknownClassError(className);
  const instance = (cls === undefined ? {} : Object.create(cls.prototype)) as object;
  for (const key of Object.keys(fields)) setOwn(instance, key, fields[key]);
  return instance;
}

function decodeMap(value: unknown): Map<unknown, unknown> {
  if (!Array.isArray(value)) malformed(Tag.Map, 'does not hold an array of entries');
  const map = new Map<unknown, unknown>();
  for (const entry of value) {
    if (!Array.isArray(entry) || entry.length !== 2)
      malformed(Tag.Map, 'holds an entry that is not a [key, value] pair');
    map.set(entry[0], entry[1]);
  }
  return map;
}

/**
 * Builds the value a tag stands for. Its `value` has been decoded already (containers in place),
 * except for the primitives leaf tags carry. Never runs code: constructors come from fixed tables
 * and the class registry.
 *
 * @throws SerializationError `'DESERIALIZATION_FAILED'` for a malformed tag, `'UNKNOWN_TYPE_TAG'`
 * for an unknown one, `'UNKNOWN_CLASS'` for an unregistered class unless `onUnknownClass` is `'plain'`.
 */
export function decodeTag(tag: TagObject, onUnknownClass: UnknownClassMode): unknown {
  const type = tag[TYPE_KEY];
  const value = tag.value;
  switch (type) {
    case Tag.Undefined:
      return undefined;
    case Tag.Number: {
      const number = typeof value === 'string' ? SPECIAL_NUMBERS.get(value) : undefined;
      return number ?? malformed(type, 'does not hold NaN, Infinity, -Infinity or -0');
    }
    case Tag.BigInt:
      if (typeof value !== 'string' || !DECIMAL.test(value)) malformed(type, 'does not hold a decimal integer');
      return BigInt(value);
    case Tag.Date: {
      if (value === null) return new Date(Number.NaN);
      const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(time)) malformed(type, 'does not hold an ISO date or null');
      return new Date(time);
    }
    case Tag.RegExp: {
      const end = typeof value === 'string' ? value.lastIndexOf('/') : -1;
      const flags = (value as string).slice(end + 1);
      if (end < 1 || (value as string)[0] !== '/' || !REGEXP_FLAGS.test(flags)) malformed(type, 'is not /source/flags');
      try {
        return new RegExp((value as string).slice(1, end), flags);
      } catch (error) {
        return malformed(type, `is not a valid regular expression (${(error as Error).message})`);
      }
    }
    case Tag.Map:
      return decodeMap(value);
    case Tag.Set:
      if (!Array.isArray(value)) malformed(type, 'does not hold an array');
      return new Set(value);
    case Tag.Object:
      return value;
    case Tag.Class:
      return decodeInstance(tag, value as Record<string, unknown>, onUnknownClass);
    case Tag.Error:
      return decodeError(value as Record<string, unknown>);
    case Tag.ArrayBuffer:
      return arrayBuffer(type, value);
    case Tag.DataView:
      return new DataView(arrayBuffer(type, value));
    case Tag.Buffer:
      return bytes(type, value);
    default: {
      const Constructor = TYPED_ARRAYS.get(type);
      if (Constructor === undefined) {
        throw new SerializationError({
          code: 'UNKNOWN_TYPE_TAG',
          message: `Unknown serialization type tag: ${JSON.stringify(type)}`,
        });
      }
      const buffer = arrayBuffer(type, value);
      if (buffer.byteLength % Constructor.BYTES_PER_ELEMENT !== 0)
        malformed(type, `holds ${buffer.byteLength} bytes, not a multiple of ${Constructor.BYTES_PER_ELEMENT}`);
      return new Constructor(buffer);
    }
  }
}
