import { InvalidArgumentError } from '@clearstone/core';
import type { AttributeValue, SpanKind, SpanStatusCode } from '@clearstone/core';
import { isSpanKind, isSpanStatus, kindCode, statusCode } from './codes';

/** A WHERE clause under construction: conditions joined by AND, and their parameters. */
export interface SqlFilter {
  conditions: string[];
  parameters: unknown[];
}

/** The JSON path of attribute `key` in a span's stored attributes (keys hold dots, so quoted). */
export function attributePath(key: string): string {
  return `$."${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Adds `alias.attributes[key] = value` for every entry of `attributes` (JSON equality for arrays). */
export function addAttributeConditions(
  filter: SqlFilter,
  alias: string,
  attributes: Record<string, AttributeValue> | undefined,
): void {
  if (attributes === undefined) return;
  for (const [key, value] of Object.entries(attributes)) {
    const path = attributePath(key);
    if (Array.isArray(value)) {
      filter.conditions.push(`json_extract(${alias}.attributes, ?) = json(?)`);
      filter.parameters.push(path, JSON.stringify(value));
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      filter.conditions.push(`json_extract(${alias}.attributes, ?) = ?`);
      filter.parameters.push(path, typeof value === 'boolean' ? (value ? 1 : 0) : value);
    } else {
      throw new InvalidArgumentError({
        message: `Attribute filter "${key}" must be a string, number, boolean or array of them.`,
        argument: 'attributes',
      });
    }
  }
}

/** Stored code of a status filter, validated. */
export function statusFilterCode(status: SpanStatusCode): number {
  if (!isSpanStatus(status))
    throw new InvalidArgumentError({
      message: `Unknown span status "${String(status)}"; expected UNSET, OK or ERROR.`,
      argument: 'status',
    });
  return statusCode(status);
}

/** Stored code of a kind filter, validated. */
export function kindFilterCode(kind: SpanKind): number {
  if (!isSpanKind(kind))
    throw new InvalidArgumentError({ message: `Unknown span kind "${String(kind)}".`, argument: 'kind' });
  return kindCode(kind);
}

/** A validated non-negative integer page bound. */
export function pageBound(value: number | undefined, fallback: number, argument: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0)
    throw new InvalidArgumentError({
      message: `${argument} must be a non-negative integer, got ${String(value)}.`,
      argument,
    });
  return value;
}
