/** JSON text of `value` for `--json` output: bigints become decimal strings, two-space indent. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item), 2)}\n`;
}
