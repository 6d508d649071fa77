const WORD = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;

/**
 * Splits a tool name into lowercase words on `_`, `-`, `.`, `/`, `:`, whitespace and camelCase
 * boundaries: `'DeleteDatabase'` → `['delete', 'database']`, `'db.drop_table'` →
 * `['db', 'drop', 'table']`, `'HTTPRequest'` → `['http', 'request']`.
 *
 * @example
 * ```ts
 * toolNameWords('purgeAllUsers'); // ['purge', 'all', 'users']
 * ```
 */
export function toolNameWords(name: string): string[] {
  const words: string[] = [];
  for (const segment of name.split(/[_\-./:\s]+/)) {
    for (const match of segment.matchAll(WORD)) words.push(match[0].toLowerCase());
  }
  return words;
}

/** True when the words of `term` occur in `words` as a contiguous run (`drop_table` in `db_drop_table_now`). */
export function containsWordSequence(words: readonly string[], term: readonly string[]): boolean {
  if (term.length === 0 || term.length > words.length) return false;
  outer: for (let start = 0; start + term.length <= words.length; start++) {
    for (let offset = 0; offset < term.length; offset++) {
      if (words[start + offset] !== term[offset]) continue outer;
    }
    return true;
  }
  return false;
}
