import { ActionType, type Decision } from '@clearstone/core';

/**
 * True when two decisions are equal in action, reason and metadata (deeply). A PAUSE's
 * `interventionId` is ignored: it is generated per decision unless the policy sets one.
 */
export function sameDecision(a: Decision, b: Decision): boolean {
  if (a.action !== b.action || a.reason !== b.reason) return false;
  const ignore = a.action === ActionType.PAUSE ? 'interventionId' : undefined;
  return deepEqual(withoutKey(a.metadata, ignore), withoutKey(b.metadata, ignore));
}

function withoutKey(metadata: Readonly<Record<string, unknown>>, key: string | undefined): Record<string, unknown> {
  if (key === undefined || !(key in metadata)) return metadata;
  const { [key]: _ignored, ...rest } = metadata;
  return rest;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof RegExp || b instanceof RegExp)
    return String(a) === String(b) && a instanceof RegExp && b instanceof RegExp;
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (key) =>
      Object.prototype.hasOwnProperty.call(b, key) &&
      deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
