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

function raw(ctx: PolicyContext, key: string): unknown {
  const value = ctx.metadata[key];
  return value === null ? undefined : value;
}

/** A finite number from metadata, or undefined when absent. */
export function readNumber(ctx: PolicyContext, key: string): number | undefined {
  const value = raw(ctx, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType(key, 'a finite number', value);
  return value;
}

/** A string from metadata, or undefined when absent. */
export function readString(ctx: PolicyContext, key: string): string | undefined {
  const value = raw(ctx, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw wrongType(key, 'a string', value);
  return value;
}

/** An array of strings from metadata, or undefined when absent. */
export function readStringList(ctx: PolicyContext, key: string): readonly string[] | undefined {
  const value = raw(ctx, key);
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw wrongType(key, 'an array of strings', value);
  return value;
}

/** A `{ name: string[] }` map from metadata, or undefined when absent. */
export function readNameListMap(ctx: PolicyContext, key: string): NameListMap | undefined {
  const value = raw(ctx, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw wrongType(key, 'an object mapping names to arrays of strings', value);
  for (const list of Object.values(value as object)) {
    if (!Array.isArray(list) || !list.every((item) => typeof item === 'string'))
      throw wrongType(key, 'an object mapping names to arrays of strings', value);
  }
  return value as NameListMap;
}

/** The tool name from metadata (`toolName`), or '' when absent. */
export function readToolName(ctx: PolicyContext): string {
  return readString(ctx, 'toolName') ?? '';
}

/** The user role from metadata (`userRole`), or `fallback` when absent. */
export function readUserRole(ctx: PolicyContext, fallback: string): string {
  return readString(ctx, 'userRole') ?? fallback;
}
