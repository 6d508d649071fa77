import { types } from 'node:util';

const MAX_DEPTH = 64;

/**
 * A JSON-ready copy of a restored value, for display: bigints as `"12n"`, Maps as objects (or
 * entry lists when keys are not strings), Sets as arrays, errors as `{ name, message, stack }`,
 * binary data summarized, cycles as `"[Circular]"`.
 */
export function toDisplayValue(value: unknown, ancestors: object[] = []): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'symbol' || typeof value === 'function') return String(value);
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.includes(value)) return '[Circular]';
  if (ancestors.length >= MAX_DEPTH) return '[Too deep]';
  if (value instanceof Date || types.isDate(value))
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (types.isRegExp(value)) return String(value);
  if (types.isNativeError(value)) return { name: value.name, message: value.message, stack: value.stack };
  if (ArrayBuffer.isView(value) || types.isAnyArrayBuffer(value))
    return `[${value.constructor?.name ?? 'binary'} ${value.byteLength} bytes]`;
  const inner = [...ancestors, value];
  if (Array.isArray(value)) return value.map((item) => toDisplayValue(item, inner));
  if (types.isSet(value)) return [...value].map((item) => toDisplayValue(item, inner));
  if (types.isMap(value)) {
    const entries = [...value.entries()];
    if (entries.every(([key]) => typeof key === 'string'))
      return Object.fromEntries(entries.map(([key, item]) => [key, toDisplayValue(item, inner)]));
    return entries.map(([key, item]) => [toDisplayValue(key, inner), toDisplayValue(item, inner)]);
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) copy[key] = toDisplayValue(item, inner);
  }
  return copy;
}
