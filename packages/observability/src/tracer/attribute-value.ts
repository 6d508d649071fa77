import type { AttributeValue } from '@clearstone/core';

let warned = false;

function isHomogeneousArray(value: unknown[]): boolean {
  let type: string | undefined;
  for (const item of value) {
    if (item === null || item === undefined) continue;
    const itemType = typeof item;
    if (itemType !== 'string' && itemType !== 'number' && itemType !== 'boolean') return false;
    if (type === undefined) type = itemType;
    else if (type !== itemType) return false;
  }
  return true;
}

/**
 * `value` as a storable attribute value (arrays copied), or undefined when it is not one — then a
 * one-time process warning names the key. Tracing never throws on bad attributes.
 */
export function toAttributeValue(key: string, value: unknown): AttributeValue | undefined {
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return value as AttributeValue;
  if (Array.isArray(value) && isHomogeneousArray(value)) return value.slice() as AttributeValue;
  if (value !== undefined && !warned) {
    warned = true;
    process.emitWarning(`Span attribute "${key}" was dropped: attribute values must be strings, numbers, booleans or arrays of one of them (got ${value === null ? 'null' : type}).`, { code: 'CLEARSTONE_INVALID_ATTRIBUTE' });
  }
  return undefined;
}
