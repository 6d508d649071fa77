/** Every string inside `value` (own enumerable properties, arrays), up to `maxDepth` levels; cycle-safe. */
export function collectStrings(value: unknown, maxDepth = 8): string[] {
  const strings: string[] = [];
  const seen = new Set<object>();
  const visit = (item: unknown, depth: number): void => {
    if (typeof item === 'string') {
      strings.push(item);
      return;
    }
    if (item === null || typeof item !== 'object' || depth > maxDepth || seen.has(item)) return;
    seen.add(item);
    for (const child of Array.isArray(item) ? item : Object.values(item)) visit(child, depth + 1);
  };
  visit(value, 0);
  return strings;
}
