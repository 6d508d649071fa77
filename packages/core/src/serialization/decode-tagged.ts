import { SerializationError } from '../errors/serialization-error';
import { type TagObject, type UnknownClassMode, decodeTag, malformed } from './decode-tag';
import { ENVELOPE_TAGS, Tag, TYPE_KEY, TYPED_ARRAYS, setOwn } from './tags';

/** Tags whose `value` holds encoded values (Map entries, Set items) or fields. */
const VALUE_HOLDERS: ReadonlySet<string> = new Set([Tag.Map, Tag.Set]);
const FIELD_HOLDERS: ReadonlySet<string> = new Set([Tag.Object, Tag.Class, Tag.Error]);
const LEAF_TAGS: ReadonlySet<string> = new Set([
  Tag.Number,
  Tag.BigInt,
  Tag.Date,
  Tag.RegExp,
  Tag.ArrayBuffer,
  Tag.DataView,
  Tag.Buffer,
  ...TYPED_ARRAYS.keys(),
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Checks a tag's keys; returns the child to descend into, if any, and whether it is an object of fields (whose keys, `__type__` included, are data). */
function checkTag(node: Record<string, unknown>): { child: unknown; fields: boolean } | undefined {
  const type = node[TYPE_KEY];
  const keyCount = Object.keys(node).length;
  if (type === Tag.Undefined) {
    if (keyCount !== 1) malformed(type, 'has fields besides "__type__"');
    return undefined;
  }
  const known = typeof type === 'string' && (VALUE_HOLDERS.has(type) || FIELD_HOLDERS.has(type) || LEAF_TAGS.has(type));
  if (!known) {
    const where =
      typeof type === 'string' && ENVELOPE_TAGS.has(type) ? ' inside a value (it is only valid as the whole text)' : '';
    throw new SerializationError({
      code: 'UNKNOWN_TYPE_TAG',
      message: `Unknown serialization type tag: ${JSON.stringify(type) ?? 'undefined'}${where}`,
    });
  }
  const expected = type === Tag.Class ? 3 : 2;
  if (keyCount !== expected || !('value' in node) || (type === Tag.Class && !('class' in node)))
    malformed(type, type === Tag.Class ? 'needs exactly "class" and "value"' : 'needs exactly a "value"');
  if (VALUE_HOLDERS.has(type)) return { child: node.value, fields: false };
  if (FIELD_HOLDERS.has(type)) {
    if (!isRecord(node.value)) malformed(type, 'does not hold an object of fields');
    return { child: node.value, fields: true };
  }
  return undefined;
}

/**
 * Turns parsed tagged JSON back into the value `serialize` was given, without recursion (parsed
 * JSON may nest as deeply as `JSON.parse` reads). Containers are reused and changed in place:
 * nodes are listed parents first, then rebuilt children first, each result stored in its parent.
 *
 * @throws SerializationError `'DESERIALIZATION_FAILED'` for a malformed tag, `'UNKNOWN_TYPE_TAG'`
 * for an unknown one, `'UNKNOWN_CLASS'` for an unregistered class unless `onUnknownClass` is `'plain'`.
 */
export function decodeTagged(root: unknown, onUnknownClass: UnknownClassMode): unknown {
  if (root === null || typeof root !== 'object') return root;
  const nodes: object[] = [];
  const isTag: boolean[] = [];
  const parents: number[] = [];
  const keys: Array<string | number> = [];
  // [node, is an object of fields, parent index, key in the parent]
  const pending: Array<[object, boolean, number, string | number]> = [[root, false, -1, '']];
  while (pending.length > 0) {
    const [node, fields, parent, key] = pending.pop()!;
    const index = nodes.length;
    nodes.push(node);
    parents.push(parent);
    keys.push(key);
    const push = (child: unknown, childFields: boolean, childKey: string | number): void => {
      if (child !== null && typeof child === 'object') pending.push([child, childFields, index, childKey]);
    };
    if (Array.isArray(node)) {
      isTag.push(false);
      for (let position = 0; position < node.length; position++) push(node[position], false, position);
      continue;
    }
    const record = node as Record<string, unknown>;
    if (!fields && Object.prototype.hasOwnProperty.call(record, TYPE_KEY)) {
      isTag.push(true);
      const descend = checkTag(record);
      if (descend !== undefined) push(descend.child, descend.fields, 'value');
      continue;
    }
    isTag.push(false);
    for (const field of Object.keys(record)) push(record[field], false, field);
  }
  let result: unknown = root;
  for (let index = nodes.length - 1; index >= 0; index--) {
    if (!isTag[index]) continue;
    const decoded = decodeTag(nodes[index] as TagObject, onUnknownClass);
    const parent = parents[index];
    if (parent === -1) result = decoded;
    else setOwn(nodes[parent], keys[index], decoded);
  }
  return result;
}
