import { types } from 'node:util';
import { serialize as v8Serialize } from 'node:v8';
import { findClassName } from './class-registry';
import { encodeGraph, fitsV8Nesting, MAX_V8_NESTING } from './object-graph';

/** Key that marks a registered class instance inside a v8 payload. */
export const CLASS_TAG = '__clearstone_class__';

/** The JSON envelope written by {@link serialize}. */
export type SerializedEnvelope =
  | { __type__: 'json'; value: unknown }
  | { __type__: 'v8'; value: string }
  | { __type__: 'v8-graph'; value: string }
  | { __type__: 'error'; reason: string; valueType: string };

const MAX_JSON_DEPTH = 512;

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return (
    prototype === null ||
    (Object.getPrototypeOf(prototype) === null && Object.prototype.toString.call(value) === '[object Object]')
  );
}

/** True when JSON.stringify followed by JSON.parse gives back an equal value. */
function isJsonSafe(value: unknown, depth: number, ancestors: Set<object>): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (depth > MAX_JSON_DEPTH || ancestors.has(value)) return false;
      ancestors.add(value);
      let safe = true;
      if (Array.isArray(value)) {
        for (let index = 0; safe && index < value.length; index++) {
          safe = index in value && isJsonSafe(value[index], depth + 1, ancestors);
        }
      } else if (isPlainObject(value)) {
        for (const key in value) {
          if (!isJsonSafe((value as Record<string, unknown>)[key], depth + 1, ancestors)) {
            safe = false;
            break;
          }
        }
        if (safe && Object.getOwnPropertySymbols(value).length > 0) safe = false;
      } else {
        safe = false;
      }
      ancestors.delete(value);
      return safe;
    }
    default:
      return false;
  }
}

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
 * Serializes any value to a JSON string envelope. Plain JSON values are stored as JSON
 * (`{"__type__":"json","value":…}`); values JSON cannot carry faithfully — `Map`, `Set`, `Date`,
 * `BigInt`, typed arrays, `Error`, `RegExp`, `undefined`, `NaN`, cycles and instances of classes
 * registered with `registerSerializableClass` — use V8's structured serialization, base64-encoded
 * (`{"__type__":"v8","value":…}`). Values nesting objects more than 1 000 levels deep (long linked
 * lists, deep trees) are written as a flat table of their arrays, objects, Maps, Sets and registered
 * class instances (`{"__type__":"v8-graph","value":…}`), so that `deserialize` reads back any depth
 * `serialize` accepts. Values nothing can carry (functions, symbols, native handles, or an
 * unregistered class instance that by itself nests more than 1 000 levels) give
 * `{"__type__":"error","reason":…,"valueType":…}`. Never throws.
 *
 * @example
 * ```ts
 * const text = serialize({ at: new Date(), seen: new Set([1, 2]) });
 * const value = deserialize(text);
 * ```
 */
export function serialize(value: unknown): string {
  try {
    if (isJsonSafe(value, 0, new Set())) {
      return JSON.stringify({ __type__: 'json', value });
    }
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
