/** A JSON-safe deep copy of decision metadata (BigInt and RegExp become strings, functions dropped). */
export function toJsonSafe(metadata: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(metadata, (_key, value: unknown) => {
      if (typeof value === 'bigint') return value.toString();
      if (value instanceof RegExp) return String(value);
      return value;
    }) ?? '{}',
  ) as Record<string, unknown>;
}
