import { types } from 'node:util';
import { deserialize as v8Deserialize } from 'node:v8';
import { SerializationError } from '../errors/serialization-error';
import { getRegisteredClass, unknownClassError } from './class-registry';
import { decodeTagged } from './decode-tagged';
import { decodeGraph } from './object-graph';
import { CLASS_TAG } from './serialize';
import { BASE64, ENVELOPE_TAGS, TYPE_KEY } from './tags';

/** Options of {@link deserialize}. */
export interface DeserializeOptions {
  /**
   * What to do with an instance of a class that is not registered: `'throw'` (default) raises a
   * SerializationError with code `'UNKNOWN_CLASS'`; `'plain'` keeps its fields as a plain object.
   */
  onUnknownClass?: 'throw' | 'plain';
}

function fail(
  code: 'DESERIALIZATION_FAILED' | 'UNKNOWN_TYPE_TAG' | 'UNSERIALIZABLE_VALUE',
  message: string,
  cause?: unknown,
): never {
  throw new SerializationError({ code, message, cause });
}

// V8 payloads may be decoded in another realm (vm contexts, test runners): compare shapes, not identities.
function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return (
    prototype === null ||
    (Object.getPrototypeOf(prototype) === null && Object.prototype.toString.call(value) === '[object Object]')
  );
}

function isTagged(value: object): value is { [CLASS_TAG]: string; fields: Record<string, unknown> } {
  return (
    typeof (value as Record<string, unknown>)[CLASS_TAG] === 'string' &&
    typeof (value as Record<string, unknown>).fields === 'object' &&
    (value as Record<string, unknown>).fields !== null
  );
}

/**
 * A container whose children are still to be revived. Entries are `[index, item]` (arrays),
 * `[key, item]` (objects, maps) or `[item]` (sets); `apply` stores an entry once revived
 * (indices and property names are strings or numbers, which revive to themselves).
 */
interface ReviveFrame {
  entries: unknown[][];
  next: number;
  apply: (revived: unknown[]) => void;
}

/**
 * Restores registered class instances in a decoded V8 value, in place, without recursion (a
 * payload may nest as deeply as V8 itself can read).
 */
function revive(root: unknown, options: DeserializeOptions): unknown {
  const seen = new Map<object, unknown>();
  const stack: ReviveFrame[] = [];
  const visit = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const done = seen.get(value);
    if (done !== undefined) return done;
    if (Array.isArray(value)) {
      seen.set(value, value);
      const entries: unknown[][] = [];
      for (let index = 0; index < value.length; index++) if (index in value) entries.push([index, value[index]]);
      stack.push({ entries, next: 0, apply: ([index, item]) => (value[index as number] = item) });
      return value;
    }
    if (types.isMap(value)) {
      seen.set(value, value);
      const entries = [...value.entries()];
      value.clear();
      stack.push({ entries, next: 0, apply: ([key, item]) => value.set(key, item) });
      return value;
    }
    if (types.isSet(value)) {
      seen.set(value, value);
      const entries = [...value].map((item) => [item]);
      value.clear();
      stack.push({ entries, next: 0, apply: ([item]) => value.add(item) });
      return value;
    }
    if (!isPlainObject(value)) {
      seen.set(value, value);
      return value;
    }
    if (isTagged(value)) {
      const className = value[CLASS_TAG];
      const cls = getRegisteredClass(className);
      if (cls === undefined && options.onUnknownClass !== 'plain') throw unknownClassError(className);
      const instance: Record<string, unknown> = cls === undefined ? {} : Object.create(cls.prototype);
      seen.set(value, instance);
      const fields = value.fields;
      stack.push({
        entries: Object.keys(fields).map((key) => [key, fields[key]]),
        next: 0,
        apply: ([key, item]) => (instance[key as string] = item),
      });
      return instance;
    }
    seen.set(value, value);
    const record = value as Record<string, unknown>;
    stack.push({
      entries: Object.keys(record).map((key) => [key, record[key]]),
      next: 0,
      apply: ([key, item]) => (record[key as string] = item),
    });
    return value;
  };
  const result = visit(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next === frame.entries.length) {
      stack.pop();
      continue;
    }
    frame.apply(frame.entries[frame.next++].map(visit));
  }
  return result;
}

/** Reads the whole-text envelopes: `json` (earlier versions), `v8`, `v8-graph` and `error`. */
function readEnvelope(record: Record<string, unknown>, options: DeserializeOptions): unknown {
  switch (record[TYPE_KEY]) {
    case 'json':
      if (!('value' in record))
        fail('DESERIALIZATION_FAILED', 'Invalid serialized data: the json envelope has no "value".');
      return record.value;
    case 'v8': {
      if (typeof record.value !== 'string' || !BASE64.test(record.value)) {
        fail('DESERIALIZATION_FAILED', 'Invalid serialized data: the v8 envelope value is not base64 text.');
      }
      let decoded: unknown;
      try {
        decoded = v8Deserialize(Buffer.from(record.value, 'base64'));
      } catch (error) {
        fail('DESERIALIZATION_FAILED', `Corrupt serialized payload: ${(error as Error).message}`, error);
      }
      try {
        return revive(decoded, options);
      } catch (error) {
        if (SerializationError.isInstance(error)) throw error;
        // A payload nested deeper than the call stack allows (RangeError) is corrupt input, not a crash.
        return fail('DESERIALIZATION_FAILED', `Corrupt serialized payload: ${(error as Error).message}`, error);
      }
    }
    case 'v8-graph': {
      if (typeof record.value !== 'string' || !BASE64.test(record.value)) {
        fail('DESERIALIZATION_FAILED', 'Invalid serialized data: the v8-graph envelope value is not base64 text.');
      }
      let decoded: unknown;
      try {
        decoded = v8Deserialize(Buffer.from(record.value, 'base64'));
      } catch (error) {
        fail('DESERIALIZATION_FAILED', `Corrupt serialized payload: ${(error as Error).message}`, error);
      }
      try {
        return decodeGraph(decoded, options.onUnknownClass === 'plain' ? 'plain' : 'throw');
      } catch (error) {
        if (SerializationError.isInstance(error)) throw error;
        return fail('DESERIALIZATION_FAILED', `Corrupt serialized payload: ${(error as Error).message}`, error);
      }
    }
    default:
      return fail(
        'UNSERIALIZABLE_VALUE',
        `Original object could not be serialized: ${String(record.reason ?? 'unknown reason')}`,
      );
  }
}

/**
 * Restores a value written by `serialize`, by this or an earlier version, at any nesting depth
 * `serialize` accepted:
 *
 * - tagged JSON: any JSON text, in which objects with a `__type__` key are tags (`Date`, `Map`,
 *   `Set`, `BigInt`, `Number`, `undefined`, `RegExp`, typed arrays, `ArrayBuffer`, `DataView`,
 *   `Buffer`, `Error`, `Class`, and `Object`, the escape of a plain object with a `__type__` key);
 * - the whole-text envelopes `{"__type__":"json"|"v8"|"v8-graph"|"error",…}` (`json` was written by
 *   earlier versions for plain JSON values; its value is returned as it is).
 *
 * Never executes code: JSON is parsed, tags are rebuilt from fixed tables (only the standard
 * `Error` constructors are called), V8 payloads (nested, or the flat node table written for deeply
 * nested values) are structured-clone data, and class instances are restored only through the
 * explicit registry, without running their constructor.
 *
 * @throws SerializationError with code `'DESERIALIZATION_FAILED'` (not text, malformed JSON, a
 * malformed tag, corrupt payload), `'UNKNOWN_TYPE_TAG'`, `'UNSERIALIZABLE_VALUE'` (the envelope
 * records a value that could not be serialized) or `'UNKNOWN_CLASS'`.
 * @example
 * ```ts
 * deserialize('{"question":"hi","when":{"__type__":"Date","value":"1970-01-01T00:00:00.000Z"}}');
 * // { question: 'hi', when: new Date(0) }
 * ```
 */
export function deserialize(text: string, options: DeserializeOptions = {}): unknown {
  if (typeof text !== 'string')
    fail('DESERIALIZATION_FAILED', `deserialize expects a string, got ${text === null ? 'null' : typeof text}.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    fail('DESERIALIZATION_FAILED', `Invalid JSON format for deserialization: ${(error as Error).message}`, error);
  }
  // Without "__type__" in the text (nor escapes that could spell it) there is no tag to rebuild.
  if (!text.includes(TYPE_KEY) && !text.includes('\\u')) return parsed;
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const record = parsed as Record<string, unknown>;
    const type = Object.prototype.hasOwnProperty.call(record, TYPE_KEY) ? record[TYPE_KEY] : undefined;
    if (typeof type === 'string' && ENVELOPE_TAGS.has(type)) return readEnvelope(record, options);
  }
  try {
    return decodeTagged(parsed, options.onUnknownClass === 'plain' ? 'plain' : 'throw');
  } catch (error) {
    if (SerializationError.isInstance(error)) throw error;
    return fail('DESERIALIZATION_FAILED', `Invalid serialized data: ${(error as Error).message}`, error);
  }
}
