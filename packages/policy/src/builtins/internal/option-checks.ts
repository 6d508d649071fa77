import { InvalidArgumentError } from '@clearstone/core';

/** A map from a key (role, tool name) to a list of names. */
export type NameListMap = Readonly<Record<string, readonly string[]>>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string '${value}'` : typeof value;
}

function invalid(policy: string, name: string, expected: string, value: unknown): InvalidArgumentError {
  return new InvalidArgumentError({
    message: `Policy '${policy}': option '${name}' must be ${expected} (got ${describe(value)}).`,
    argument: name,
  });
}

/** Checks that `options` is undefined or a plain object and returns it as a record. */
export function checkOptionsObject(policy: string, options: unknown): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw invalid(policy, 'options', 'an object', options);
  return options as Record<string, unknown>;
}

/** A finite number option, optionally bounded; undefined stays undefined. */
export function checkNumber(
  policy: string,
  name: string,
  value: unknown,
  bounds: { min?: number; max?: number } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const { min, max } = bounds;
  const range =
    min !== undefined && max !== undefined ? ` between ${min} and ${max}` : min !== undefined ? ` ≥ ${min}` : '';
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (min !== undefined && value < min) ||
    (max !== undefined && value > max)
  ) {
    throw invalid(policy, name, `a finite number${range}`, value);
  }
  return value;
}

/** A non-empty string option; undefined stays undefined. */
export function checkString(policy: string, name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw invalid(policy, name, 'a non-empty string', value);
  return value;
}

/** A boolean option; undefined stays undefined. */
export function checkBoolean(policy: string, name: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalid(policy, name, 'a boolean', value);
  return value;
}

/** An array-of-strings option, copied and frozen; undefined stays undefined. */
export function checkStringList(policy: string, name: string, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw invalid(policy, name, 'an array of strings', value);
  return Object.freeze([...value]);
}

/** A `{ key: string[] }` option, copied and frozen; undefined stays undefined. */
export function checkNameListMap(policy: string, name: string, value: unknown): NameListMap | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid(policy, name, 'an object mapping names to arrays of strings', value);
  const copy: Record<string, readonly string[]> = {};
  for (const [key, list] of Object.entries(value)) {
    copy[key] = checkStringList(policy, `${name}.${key}`, list) ?? Object.freeze([]);
  }
  return Object.freeze(copy);
}

/** A function option; undefined stays undefined. */
export function checkFunction<T extends (...args: never[]) => unknown>(
  policy: string,
  name: string,
  value: unknown,
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw invalid(policy, name, 'a function', value);
  return value as T;
}
