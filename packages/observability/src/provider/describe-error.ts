/** `error` as text for a warning; never throws, whatever was thrown. */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`;
    return String(error);
  } catch {
    return 'an unprintable value';
  }
}

/** The string `code` of an error (SQLite's, Node's or a `ClearstoneError`'s), if it has one. Never throws. */
export function codeOf(error: unknown): string | undefined {
  try {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
