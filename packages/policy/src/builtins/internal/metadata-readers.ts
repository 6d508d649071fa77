import { InvalidArgumentError, type PolicyContext } from '@clearstone/core';
import type { NameListMap } from './option-checks';

// Metadata values come from the caller at decision time. `undefined` and `null` both mean "not
// given"; a value of the wrong type is an error the policy turns into a fail-closed BLOCK.

function wrongType(key: string, expected: string, value: unknown): InvalidArgumentError {
  const got = Array.isArray(value) ? 'an array' : typeof value;
  return new InvalidArgumentError({
    message: `metadata '${key}' must be ${expected} (got ${got}).`,
    argument: `metadata.${key}`,
  });
}

// The `as*` checks take the value itself: a policy reads `ctx.metadata.someKey` at its own call
// site, a named property load the engine's hot path keeps fast, where a shared reader would look
// up every key through one megamorphic keyed load.

/** `value` (metadata `key`) as a finite number, or undefined when absent. */
export function asNumber(value: unknown, key: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType(key, 'a finite number', value);
  return value;
}

/** `value` (metadata `key`) as a string, or undefined when absent. */
export function asString(value: unknown, key: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(key, 'a string', value);
  return value;
}

/** `value` (metadata `key`) as an array of strings, or undefined when absent. */
export function asStringList(value: unknown, key: string): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw wrongType(key, 'an array of strings', value);
  return value;
}

/** `value` (metadata `key`) as a `{ name: string[] }` map, or undefined when absent. */
export function asNameListMap(value: unknown, key: string): NameListMap | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw wrongType(key, 'an object mapping names to arrays of strings', value);
  for (const list of Object.values(value)) {
    if (!Array.isArray(list) || !list.every((item) => typeof item === 'string'))
      throw wrongType(key, 'an object mapping names to arrays of strings', value);
  }
  return value as NameListMap;
}

/** A finite number from metadata, or undefined when absent. */
export function readNumber(ctx: PolicyContext, key: string): number | undefined {
  return asNumber(ctx.metadata[key], key);
}

/** A string from metadata, or undefined when absent. */
export function readString(ctx: PolicyContext, key: string): string | undefined {
  return asString(ctx.metadata[key], key);
}

/** An array of strings from metadata, or undefined when absent. */
export function readStringList(ctx: PolicyContext, key: string): readonly string[] | undefined {
  return asStringList(ctx.metadata[key], key);
}

/** A `{ name: string[] }` map from metadata, or undefined when absent. */
export function readNameListMap(ctx: PolicyContext, key: string): NameListMap | undefined {
  return asNameListMap(ctx.metadata[key], key);
}

/** The tool name from metadata (`toolName`), or '' when absent. */
export function readToolName(ctx: PolicyContext): string {
  return asString(ctx.metadata.toolName, 'toolName') ?? '';
}

/** The user role from metadata (`userRole`), or `fallback` when absent. */
export function readUserRole(ctx: PolicyContext, fallback: string): string {
  return asString(ctx.metadata.userRole, 'userRole') ?? fallback;
}
