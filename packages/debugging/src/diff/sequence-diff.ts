/** One step of a sequence diff. */
export type DiffOperation<T> =
  { op: 'same'; original: T; forked: T } | { op: 'removed'; original: T } | { op: 'added'; forked: T };

const MAX_TABLE_CELLS = 4_000_000;

/** The items two sequences share at their start and at their end, as `same` operations. */
export interface CommonEnds<T> {
  /** How many items pair up at the start. */
  prefix: number;
  /** How many pair up at the end (never overlapping the prefix). */
  suffix: number;
  /** The start's pairs. */
  head: DiffOperation<T>[];
  /** The end's pairs. */
  tail: DiffOperation<T>[];
}

/** Pairs the items at the start and at the end of two sequences for which `pairs(i, j)` holds. */
export function commonEnds<T>(
  original: readonly T[],
  forked: readonly T[],
  pairs: (originalIndex: number, forkedIndex: number) => boolean,
): CommonEnds<T> {
  let prefix = 0;
  while (prefix < original.length && prefix < forked.length && pairs(prefix, prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < original.length - prefix &&
    suffix < forked.length - prefix &&
    pairs(original.length - 1 - suffix, forked.length - 1 - suffix)
  )
    suffix++;
  const head: DiffOperation<T>[] = original
    .slice(0, prefix)
    .map((item, index) => ({ op: 'same', original: item, forked: forked[index] }));
  const tail: DiffOperation<T>[] = original
    .slice(original.length - suffix)
    .map((item, index) => ({ op: 'same', original: item, forked: forked[forked.length - suffix + index] }));
  return { prefix, suffix, head, tail };
}

/**
 * Longest-common-subsequence diff of two sequences. Very long inputs fall back to a positional
 * comparison (common prefix and suffix, the middle as removed + added) to bound memory.
 */
export function diffSequences<T>(
  original: readonly T[],
  forked: readonly T[],
  equal: (left: T, right: T) => boolean,
): DiffOperation<T>[] {
  const { prefix, suffix, head, tail } = commonEnds(original, forked, (i, j) => equal(original[i], forked[j]));
  const left = original.slice(prefix, original.length - suffix);
  const right = forked.slice(prefix, forked.length - suffix);
  if ((left.length + 1) * (right.length + 1) > MAX_TABLE_CELLS) {
    return [
      ...head,
      ...left.map((item) => ({ op: 'removed' as const, original: item })),
      ...right.map((item) => ({ op: 'added' as const, forked: item })),
      ...tail,
    ];
  }
  const width = right.length + 1;
  const table = new Uint32Array((left.length + 1) * width);
  for (let i = left.length - 1; i >= 0; i--) {
    for (let j = right.length - 1; j >= 0; j--) {
      table[i * width + j] = equal(left[i], right[j])
        ? table[(i + 1) * width + j + 1] + 1
        : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  const middle: DiffOperation<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    if (equal(left[i], right[j])) middle.push({ op: 'same', original: left[i++], forked: right[j++] });
    else if (table[(i + 1) * width + j] >= table[i * width + j + 1])
      middle.push({ op: 'removed', original: left[i++] });
    else middle.push({ op: 'added', forked: right[j++] });
  }
  while (i < left.length) middle.push({ op: 'removed', original: left[i++] });
  while (j < right.length) middle.push({ op: 'added', forked: right[j++] });
  return [...head, ...middle, ...tail];
}
