import { types } from 'node:util';
import { serialize as v8Serialize } from 'node:v8';
import { findClassName } from './class-registry';
import { NEEDS_V8, encodeTagged } from './encode-tagged';
import { isPlainObject } from './tags';
import { encodeGraph, fitsV8Nesting, MAX_V8_NESTING } from './object-graph';

/** Key that marks a registered class instance inside a v8 payload. */
export const CLASS_TAG = '__clearstone_class__';

/**
 * The envelopes {@link serialize} writes as the whole text when a value cannot be written as
 * tagged JSON: `v8` (cycles, sparse arrays, nesting past 512 JSON levels, opaque objects),
 * `v8-graph` (the same, nesting objects more than 1 000 levels deep) and `error` (values nothing
 * can carry). `json` is the envelope earlier versions wrote for plain JSON values; `deserialize`
 * still reads it.
 */
export type SerializedEnvelope =
  | { __type__: 'json'; value: unknown }
  | { __type__: 'v8'; value: string }
  | { __type__: 'v8-graph'; value: string }
  | { __type__: 'error'; reason: string; valueType: string };

/** Describes a value's type for error envelopes and snapshots. Never throws (a Proxy's traps may). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  try {
    if (Array.isArray(value)) return 'Array';
    const constructor = (value as { constructor?: { name?: unknown } }).constructor;
    return typeof constructor?.name === 'string' && constructor.name !== '' ? constructor.name : 'Object';
  } catch {
    return 'unknown';
  }
}

/** Replaces registered class instances by tagged plain objects, preserving shared references and cycles. */
function tagClasses(value: unknown, seen: Map<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    seen.set(value, copy);
    for (let index = 0; index < value.length; index++) if (index in value) copy[index] = tagClasses(value[index], seen);
    return copy;
  }
  if (types.isMap(value)) {
    const copy = new Map<unknown, unknown>();
    seen.set(value, copy);
    for (const [key, item] of value) copy.set(tagClasses(key, seen), tagClasses(item, seen));
    return copy;
  }
  if (types.isSet(value)) {
    const copy = new Set<unknown>();
    seen.set(value, copy);
    for (const item of value) copy.add(tagClasses(item, seen));
    return copy;
  }
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    seen.set(value, copy);
    for (const key of Object.keys(value)) copy[key] = tagClasses((value as Record<string, unknown>)[key], seen);
    return copy;
  }
  const className = findClassName(value);
  if (className === undefined) {
    seen.set(value, value);
    return value;
  }
  const fields: Record<string, unknown> = {};
  const tagged = { [CLASS_TAG]: className, fields };
  seen.set(value, tagged);
  for (const key of Object.keys(value)) fields[key] = tagClasses((value as Record<string, unknown>)[key], seen);
  return tagged;
}

/**
 * Serializes any value to JSON text that stays readable by anything that reads JSON (SQLite's JSON
 * functions, OTLP backends, the viewer):
 *
 * - plain JSON data is written as it is: `serialize({ a: [1, 'x'] })` is `{"a":[1,"x"]}`;
 * - leaves JSON cannot carry are tagged in place, as `{"__type__": <type>, "value": <encoding>}`:
 *   `Date` (ISO text, `null` when invalid), `BigInt` (decimal text), `Number` (`"NaN"`,
 *   `"Infinity"`, `"-Infinity"`, `"-0"`), `undefined` (`{"__type__":"undefined"}`, kept in objects
 *   and arrays), `Map` (`[[key, value], …]`), `Set` (`[item, …]`), `RegExp` (`"/source/flags"`),
 *   typed arrays, `ArrayBuffer`, `DataView` and `Buffer` (tagged with their type name; base64 of
 *   their bytes in platform byte order), `Error` (`{name, message, stack, cause?, errors?, …own
 *   enumerable fields}`), and instances of classes registered with `registerSerializableClass`
 *   (`{"__type__":"Class","class":<name>,"value":{…fields}}`); every nested value is encoded the
 *   same way, so `serialize({ question: 'hi', when: new Date(0) })` is
 *   `{"question":"hi","when":{"__type__":"Date","value":"1970-01-01T00:00:00.000Z"}}`;
 * - a plain object that has a `__type__` key of its own is escaped as
 *   `{"__type__":"Object","value":{…}}`, so data is never mistaken for a tag;
 * - instances of other classes are written as their own enumerable fields (and read back as plain
 *   objects), as before;
 * - shared references are written once per place, as JSON does.
 *
 * Values the tagged JSON cannot hold fall back to a whole-value envelope: a cycle, a sparse array,
 * nesting past 512 JSON levels, or opaque objects (proxies of class instances, boxed primitives,
 * promises…) use V8's structured serialization, base64-encoded (`{"__type__":"v8","value":…}`,
 * which also keeps shared references); values nesting objects more than 1 000 levels deep are
 * written as a flat table (`{"__type__":"v8-graph","value":…}`), so that `deserialize` reads back
 * any depth `serialize` accepts. Values nothing can carry (functions, symbols, native handles, or
 * an unregistered class instance that by itself nests more than 1 000 levels) give
 * `{"__type__":"error","reason":…,"valueType":…}`. Never throws.
 *
 * @example
 * ```ts
 * serialize({ question: 'hi', when: new Date(0) });
 * // '{"question":"hi","when":{"__type__":"Date","value":"1970-01-01T00:00:00.000Z"}}'
 * const value = deserialize(serialize({ at: new Date(), seen: new Set([1, 2]) }));
 * ```
 */
export function serialize(value: unknown): string {
  try {
    const tagged = encodeTagged(value);
    if (tagged !== NEEDS_V8) return JSON.stringify(tagged);
    if (fitsV8Nesting(value, MAX_V8_NESTING)) {
      const payload = v8Serialize(tagClasses(value, new Map()));
      return JSON.stringify({ __type__: 'v8', value: payload.toString('base64') });
    }
    const graph = encodeGraph(value);
    if ('tooDeep' in graph) {
      return JSON.stringify({
        __type__: 'error',
        reason: `Serialization failed: ${graph.tooDeep}.`,
        valueType: describeType(value),
      });
    }
    return JSON.stringify({ __type__: 'v8-graph', value: v8Serialize(graph.table).toString('base64') });
  } catch (error) {
    const reason = `Serialization failed: ${error instanceof Error ? error.message : String(error)}`;
    return JSON.stringify({ __type__: 'error', reason, valueType: describeType(value) });
  }
}
