import { types } from 'node:util';
import { SerializationError } from '../errors/serialization-error';
import { findClassName, getRegisteredClass, registeredClassNames } from './class-registry';

/**
 * Deepest object nesting handed to V8's structured serializer. V8 writes and reads nested objects
 * recursively on the native stack, and reading needs more stack than writing (a chain of about
 * 2 000 objects written at the top of the stack cannot be read back there). Values nested deeper
 * than this are stored as a flat node table instead, which V8 reads at a constant depth.
 */
export const MAX_V8_NESTING = 1_000;

/** Format version of the node-table payload (the first element of the decoded array). */
const GRAPH_VERSION = 1;

const Kind = { Object: 0, Array: 1, Map: 2, Set: 3, Instance: 4 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/**
 * One container of the node table: `[kind, extra, keys, values, keyRefs, valueRefs]`.
 * `extra` is the array length (arrays) or the registered class name (instances), otherwise 0.
 * `keys` are property names (objects, instances), indices (arrays) or the entries' keys (maps)
 * or items (sets). `keyRefs`/`valueRefs` list the positions in `keys`/`values` that hold the
 * index of another node instead of a value.
 */
type GraphNode = [Kind, number | string, unknown[], unknown[], number[], number[]];

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return (
    prototype === null ||
    (Object.getPrototypeOf(prototype) === null && Object.prototype.toString.call(value) === '[object Object]')
  );
}

/** Objects V8 writes without looking inside (or refuses, which it reports itself). */
function isOpaque(value: object): boolean {
  return (
    types.isProxy(value) ||
    types.isDate(value) ||
    types.isRegExp(value) ||
    types.isBoxedPrimitive(value) ||
    types.isAnyArrayBuffer(value) ||
    ArrayBuffer.isView(value)
  );
}

/** Children V8 visits, in its order, for an object the serializer does not copy itself. */
function opaqueChildren(value: object): unknown[] {
  if (isOpaque(value)) return [];
  if (Array.isArray(value)) return Object.keys(value).map((key) => (value as unknown as Record<string, unknown>)[key]);
  if (types.isMap(value)) return [...value].flat();
  if (types.isSet(value)) return [...value];
  if (types.isNativeError(value))
    return Object.prototype.hasOwnProperty.call(value, 'cause') ? [(value as { cause?: unknown }).cause] : [];
  return Object.keys(value).map((key) => (value as Record<string, unknown>)[key]);
}

/** Children the serializer copies itself, and how many levels the copy adds (a class instance is a tag object holding a fields object). */
function containerChildren(value: object): { children: unknown[]; levels: number } | undefined {
  if (Array.isArray(value)) {
    const children: unknown[] = [];
    for (let index = 0; index < value.length; index++) if (index in value) children.push(value[index]);
    return { children, levels: 1 };
  }
  if (types.isMap(value)) return { children: [...value].flat(), levels: 1 };
  if (types.isSet(value)) return { children: [...value], levels: 1 };
  if (types.isProxy(value)) return undefined;
  if (isPlainObject(value))
    return { children: Object.keys(value).map((key) => (value as Record<string, unknown>)[key]), levels: 1 };
  if (findClassName(value) !== undefined)
    return { children: Object.keys(value).map((key) => (value as Record<string, unknown>)[key]), levels: 2 };
  return undefined;
}

interface Frame {
  children: unknown[];
  next: number;
  depth: number;
}

/**
 * Walks `root` the way V8 would write it (depth first, first visit counts) without recursion.
 * `enter` returns the children to descend into and how many levels they sit below the object, or
 * `undefined` for an object with no children. Stops and returns false as soon as `visit` does.
 */
function walk(
  root: unknown,
  enter: (value: object, depth: number) => { children: unknown[]; levels: number } | undefined,
  visit: (depth: number) => boolean,
): boolean {
  const seen = new Set<object>();
  const stack: Frame[] = [];
  const push = (value: unknown, depth: number): boolean => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return true;
    seen.add(value);
    if (!visit(depth)) return false;
    const entered = enter(value, depth);
    if (entered !== undefined && entered.children.length > 0)
      stack.push({ children: entered.children, next: 0, depth: depth + entered.levels });
    return true;
  };
  if (!push(root, 1)) return false;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next === frame.children.length) {
      stack.pop();
      continue;
    }
    if (!push(frame.children[frame.next++], frame.depth)) return false;
  }
  return true;
}

/** True when the value, as the serializer hands it to V8, nests objects at most `limit` deep. */
export function fitsV8Nesting(value: unknown, limit: number = MAX_V8_NESTING): boolean {
  return walk(
    value,
    (object) => containerChildren(object) ?? { children: opaqueChildren(object), levels: 1 },
    (depth) => depth <= limit,
  );
}

/** The result of {@link encodeGraph}: the table to hand to V8, or why the value cannot be stored. */
export type EncodedGraph = { table: unknown[] } | { tooDeep: string };

function typeName(value: object): string {
  try {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : 'Object';
  } catch {
    return 'Object';
  }
}

/**
 * Encodes a value as a flat node table: every array, plain object, Map, Set and registered class
 * instance becomes one node whose children are node indices, so the table has the same small
 * depth however deeply the value nests. Other objects (Date, typed arrays, Error, unregistered
 * class instances…) are kept as they are for V8 to write; when one of them nests objects more than
 * {@link MAX_V8_NESTING} levels deep by itself the value is refused (`tooDeep` says why).
 */
export function encodeGraph(root: unknown): EncodedGraph {
  const nodes: GraphNode[] = [];
  const ids = new Map<object, number>();
  const pending: Array<[object, number]> = [];
  const opaqueChecked = new Set<object>();
  let tooDeep: string | undefined;

  /** Returns the node index for a container, or undefined for a value kept as it is. */
  const reference = (value: unknown): number | undefined => {
    if (value === null || typeof value !== 'object') return undefined;
    const known = ids.get(value);
    if (known !== undefined) return known;
    let node: GraphNode;
    if (Array.isArray(value)) node = [Kind.Array, value.length, [], [], [], []];
    else if (types.isMap(value)) node = [Kind.Map, 0, [], [], [], []];
    else if (types.isSet(value)) node = [Kind.Set, 0, [], [], [], []];
    else if (!types.isProxy(value) && isPlainObject(value)) node = [Kind.Object, 0, [], [], [], []];
    else {
      const className = types.isProxy(value) ? undefined : findClassName(value);
      if (className === undefined) {
        if (tooDeep === undefined && !opaqueChecked.has(value)) {
          opaqueChecked.add(value);
          if (
            !walk(
              value,
              (object) => ({ children: opaqueChildren(object), levels: 1 }),
              (depth) => depth <= MAX_V8_NESTING,
            )
          ) {
            tooDeep =
              `an instance of ${typeName(value)} nests objects more than ${MAX_V8_NESTING} levels deep, too deep to be read back; ` +
              'register its class with registerSerializableClass() so that it can be stored at any depth';
          }
        }
        return undefined;
      }
      node = [Kind.Instance, className, [], [], [], []];
    }
    const id = nodes.length;
    nodes.push(node);
    ids.set(value, id);
    pending.push([value, id]);
    return id;
  };

  const place = (list: unknown[], refs: number[], value: unknown): void => {
    const id = reference(value);
    if (id !== undefined) {
      refs.push(list.length);
      list.push(id);
    } else {
      list.push(value);
    }
  };

  reference(root);
  while (pending.length > 0 && tooDeep === undefined) {
    const [value, id] = pending.pop()!;
    const [kind, , keys, values, keyRefs, valueRefs] = nodes[id];
    if (kind === Kind.Array) {
      const array = value as unknown[];
      for (let index = 0; index < array.length; index++) {
        if (!(index in array)) continue;
        keys.push(index);
        place(values, valueRefs, array[index]);
      }
    } else if (kind === Kind.Map) {
      for (const [key, item] of value as Map<unknown, unknown>) {
        place(keys, keyRefs, key);
        place(values, valueRefs, item);
      }
    } else if (kind === Kind.Set) {
      for (const item of value as Set<unknown>) place(keys, keyRefs, item);
    } else {
      for (const key of Object.keys(value)) {
        keys.push(key);
        place(values, valueRefs, (value as Record<string, unknown>)[key]);
      }
    }
  }
  return tooDeep === undefined ? { table: [GRAPH_VERSION, nodes] } : { tooDeep };
}

function corrupt(message: string): never {
  throw new SerializationError({ code: 'DESERIALIZATION_FAILED', message: `Corrupt serialized payload: ${message}` });
}

function isIndexList(list: unknown, bound: number): list is number[] {
  return (
    Array.isArray(list) && list.every((position) => Number.isInteger(position) && position >= 0 && position < bound)
  );
}

/** Checks one decoded node; returns it typed, or throws DESERIALIZATION_FAILED. */
function checkNode(node: unknown, count: number): GraphNode {
  if (!Array.isArray(node) || node.length !== 6) corrupt('a graph node is not a 6-element array.');
  const [kind, extra, keys, values, keyRefs, valueRefs] = node as unknown[];
  if (
    !Array.isArray(keys) ||
    !Array.isArray(values) ||
    !isIndexList(keyRefs, keys.length) ||
    !isIndexList(valueRefs, values.length)
  ) {
    corrupt('a graph node has malformed entries.');
  }
  for (const position of keyRefs)
    if (!Number.isInteger(keys[position]) || (keys[position] as number) < 0 || (keys[position] as number) >= count)
      corrupt('a graph node refers to a missing node.');
  for (const position of valueRefs)
    if (
      !Number.isInteger(values[position]) ||
      (values[position] as number) < 0 ||
      (values[position] as number) >= count
    )
      corrupt('a graph node refers to a missing node.');
  switch (kind) {
    case Kind.Object:
    case Kind.Instance:
      if (kind === Kind.Instance && (typeof extra !== 'string' || extra === ''))
        corrupt('a class instance node has no class name.');
      if (keys.length !== values.length || keyRefs.length > 0 || !keys.every((key) => typeof key === 'string'))
        corrupt('an object node has malformed keys.');
      break;
    case Kind.Array:
      if (!Number.isInteger(extra) || (extra as number) < 0 || (extra as number) > 2 ** 32 - 1)
        corrupt('an array node has an invalid length.');
      if (keys.length !== values.length || keyRefs.length > 0 || !isIndexList(keys, extra as number))
        corrupt('an array node has invalid indices.');
      break;
    case Kind.Map:
      if (keys.length !== values.length) corrupt('a map node has unpaired entries.');
      break;
    case Kind.Set:
      if (values.length !== 0) corrupt('a set node has values.');
      break;
    default:
      corrupt('a graph node has an unknown kind.');
  }
  return node as GraphNode;
}

/**
 * Rebuilds a value from {@link encodeGraph}'s node table without recursion, restoring registered
 * class instances through the registry.
 *
 * @throws SerializationError `'DESERIALIZATION_FAILED'` for a malformed table, `'UNKNOWN_CLASS'`
 * for an unregistered class unless `onUnknownClass` is `'plain'`.
 */
export function decodeGraph(payload: unknown, onUnknownClass: 'throw' | 'plain' = 'throw'): unknown {
  if (
    !Array.isArray(payload) ||
    payload.length !== 2 ||
    payload[0] !== GRAPH_VERSION ||
    !Array.isArray(payload[1]) ||
    payload[1].length === 0
  ) {
    corrupt('not a version 1 graph table.');
  }
  const raw = payload[1] as unknown[];
  const nodes = raw.map((node) => checkNode(node, raw.length));
  const shells = nodes.map(([kind, extra]): object => {
    switch (kind) {
      case Kind.Array:
        return new Array(extra as number);
      case Kind.Map:
        return new Map();
      case Kind.Set:
        return new Set();
      case Kind.Instance: {
        const cls = getRegisteredClass(extra as string);
        if (cls !== undefined) return Object.create(cls.prototype) as object;
        if (onUnknownClass === 'plain') return {};
        const known = registeredClassNames();
        throw new SerializationError({
          code: 'UNKNOWN_CLASS',
          message: `Cannot restore an instance of unregistered class '${String(extra)}'. Registered classes: ${known.length ? known.join(', ') : '(none)'}. Register it with registerSerializableClass().`,
        });
      }
      default:
        return {};
    }
  });
  nodes.forEach(([kind, , keys, values, keyRefs, valueRefs], id) => {
    const resolve = (list: unknown[], refs: Set<number>, position: number): unknown =>
      refs.has(position) ? shells[list[position] as number] : list[position];
    const keyRefSet = new Set(keyRefs);
    const valueRefSet = new Set(valueRefs);
    const shell = shells[id];
    if (kind === Kind.Map) {
      for (let position = 0; position < keys.length; position++)
        (shell as Map<unknown, unknown>).set(
          resolve(keys, keyRefSet, position),
          resolve(values, valueRefSet, position),
        );
    } else if (kind === Kind.Set) {
      for (let position = 0; position < keys.length; position++)
        (shell as Set<unknown>).add(resolve(keys, keyRefSet, position));
    } else {
      for (let position = 0; position < keys.length; position++) {
        Object.defineProperty(shell, keys[position] as PropertyKey, {
          value: resolve(values, valueRefSet, position),
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
    }
  });
  return shells[0];
}
