/**
 * Where trace context travels: HTTP headers (`IncomingHttpHeaders`, a plain object), environment
 * variables (`process.env`), or anything with `get(name)` (a fetch `Headers`, a `Map`).
 */
export type Carrier = Record<string, unknown> | { get(name: string): unknown };

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(String).join(',');
  return undefined;
}

/**
 * The value under `key` in `carrier`, matching the key case-insensitively (HTTP headers arrive
 * lowercase; environment carriers use `TRACEPARENT`). Repeated headers are joined with commas.
 */
export function readCarrier(carrier: Carrier, key: string): string | undefined {
  if (typeof (carrier as { get?: unknown }).get === 'function')
    return firstString((carrier as { get(name: string): unknown }).get(key));
  const record = carrier as Record<string, unknown>;
  const exact = firstString(record[key]);
  if (exact !== undefined) return exact;
  for (const candidate of Object.keys(record)) {
    if (candidate.toLowerCase() === key) return firstString(record[candidate]);
  }
  return undefined;
}
