import { ClearstoneAttributes, type AttributeValue } from '@clearstone/core';

/** Attribute of a span counting the attribute values shortened by `attributeValueLengthLimit`. */
export const TRUNCATED_ATTRIBUTES_KEY = ClearstoneAttributes.TRUNCATED_ATTRIBUTES;
/** Attribute of a span counting the attributes dropped by `attributeCountLimit`. */
export const DROPPED_ATTRIBUTES_KEY = ClearstoneAttributes.DROPPED_ATTRIBUTES;

const warned = new Set<string>();

/** Emits `message` as a process warning the first time `kind` is reported in this process. Never throws. */
export function warnOnce(kind: string, code: string, message: () => string): void {
  if (warned.has(kind)) return;
  warned.add(kind);
  try {
    process.emitWarning(message(), { code });
  } catch {
    // A warning listener that throws must not reach the traced code.
  }
}

/** Printable form of an attribute key (a caller may pass anything). */
function keyText(key: unknown): string {
  try {
    return typeof key === 'string' ? key : String(key);
  } catch {
    return '(unprintable key)';
  }
}

/** Counts truncations done by {@link toAttributeValue}; read by the caller before and after. */
export const truncations = { count: 0 };

function truncateString(value: string, limit: number): string {
  // Never cut a surrogate pair in half.
  const code = value.charCodeAt(limit - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
  truncations.count++;
  return value.slice(0, end);
}

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

function copyArray(value: unknown[], lengthLimit: number): AttributeValue {
  const copy = value.slice();
  for (let index = 0; index < copy.length; index++) {
    const item = copy[index];
    if (typeof item === 'string' && item.length > lengthLimit) copy[index] = truncateString(item, lengthLimit);
  }
  return copy as AttributeValue;
}

/** The non-primitive cases, where inspecting `value` may throw (Proxies, getters). */
function toArrayValue(key: unknown, value: unknown, lengthLimit: number): AttributeValue | undefined {
  let reason: string;
  try {
    if (Array.isArray(value) && isHomogeneousArray(value)) return copyArray(value, lengthLimit);
    reason = value === null ? 'null' : typeof value;
  } catch (error) {
    warnOnce(
      'unreadable-attribute',
      'CLEARSTONE_INVALID_ATTRIBUTE',
      () =>
        `Span attribute "${keyText(key)}" was dropped: reading its value threw (${describeThrown(error)}). Such attributes are dropped (this warning is shown once).`,
    );
    return undefined;
  }
  if (value !== undefined) {
    warnOnce(
      'invalid-attribute',
      'CLEARSTONE_INVALID_ATTRIBUTE',
      () =>
        `Span attribute "${keyText(key)}" was dropped: attribute values must be strings, numbers, booleans or arrays of one of them (got ${reason}).`,
    );
  }
  return undefined;
}

/** Short description of something thrown; never throws. */
export function describeThrown(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return 'an unprintable value';
  }
}

/**
 * `value` as a storable attribute value (arrays copied, strings longer than `lengthLimit`
 * truncated), or undefined when it is not one — then a one-time process warning names the key.
 * Never throws, whatever `value` is (revoked Proxies, throwing traps).
 */
export function toAttributeValue(key: unknown, value: unknown, lengthLimit: number): AttributeValue | undefined {
  const type = typeof value;
  if (type === 'string')
    return (value as string).length > lengthLimit ? truncateString(value as string, lengthLimit) : (value as string);
  if (type === 'number' || type === 'boolean') return value as AttributeValue;
  return toArrayValue(key, value, lengthLimit);
}
