/**
 * The tool input of a `handleToolStart` callback (a JSON string) as a value: parsed JSON, else
 * the string itself.
 */
export function parseToolInput(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  const trimmed = input.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return input;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return input;
  }
}
