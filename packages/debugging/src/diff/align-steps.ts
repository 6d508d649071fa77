import { myersDiff } from './myers-diff';
import { commonEnds, diffSequences, type DiffOperation } from './sequence-diff';

const MAX_TABLE_CELLS = 1_000_000;

/** Most insertions and deletions the long-sequence path looks for before giving up. */
const MAX_EDITS = 2_000;

/**
 * Longest-common-subsequence alignment of two sequences where items pair up when `key`s are equal,
 * and among the alignments with the most pairs the one whose pairs are most alike (`likeness`,
 * from 0 to 1) wins. So a repeated call (three `search` calls, one of them new) pairs with the one
 * that had the same input, not simply the first. Items alike at both ends pair up first; a middle
 * too long for the table is aligned by key alone (Myers' diff, then {@link diffSequences}).
 */
export function alignSequences<T>(
  original: readonly T[],
  forked: readonly T[],
  key: (item: T) => string,
  likeness: (left: T, right: T) => number,
): DiffOperation<T>[] {
  const leftKeys = original.map(key);
  const rightKeys = forked.map(key);
  // Items alike in both at the start and at the end pair up without a table.
  const { prefix, suffix, head, tail } = commonEnds(
    original,
    forked,
    (i, j) => leftKeys[i] === rightKeys[j] && likeness(original[i], forked[j]) >= 1,
  );
  const middle = alignMiddle(
    original.slice(prefix, original.length - suffix),
    forked.slice(prefix, forked.length - suffix),
    leftKeys.slice(prefix, original.length - suffix),
    rightKeys.slice(prefix, forked.length - suffix),
    likeness,
  );
  return [...head, ...middle, ...tail];
}

function alignMiddle<T>(
  original: readonly T[],
  forked: readonly T[],
  leftKeys: readonly string[],
  rightKeys: readonly string[],
  likeness: (left: T, right: T) => number,
): DiffOperation<T>[] {
  const n = original.length;
  const m = forked.length;
  if ((n + 1) * (m + 1) > MAX_TABLE_CELLS) {
    const edits = myersDiff(leftKeys, rightKeys, MAX_EDITS);
    if (edits === undefined) {
      const indexes = (length: number) => Array.from({ length }, (_, index) => index);
      return diffSequences(indexes(n), indexes(m), (left, right) => leftKeys[left] === rightKeys[right]).map(
        (operation): DiffOperation<T> =>
          operation.op === 'same'
            ? { op: 'same', original: original[operation.original], forked: forked[operation.forked] }
            : operation.op === 'removed'
              ? { op: 'removed', original: original[operation.original] }
              : { op: 'added', forked: forked[operation.forked] },
      );
    }
    let i = 0;
    let j = 0;
    return edits.map((edit): DiffOperation<T> =>
      edit === 'same'
        ? { op: 'same', original: original[i++], forked: forked[j++] }
        : edit === 'removed'
          ? { op: 'removed', original: original[i++] }
          : { op: 'added', forked: forked[j++] },
    );
  }
  const width = m + 1;
  // pairs[i][j]: most pairs aligning original[i..] with forked[j..]; alike[i][j]: the best likeness sum among those.
  const pairs = new Uint32Array((n + 1) * width);
  const alike = new Float64Array((n + 1) * width);
  const matchScore = new Float64Array((n + 1) * width).fill(-1);
  const better = (pairsA: number, alikeA: number, pairsB: number, alikeB: number): boolean =>
    pairsA > pairsB || (pairsA === pairsB && alikeA > alikeB + 1e-9);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const cell = i * width + j;
      const down = (i + 1) * width + j;
      const right = i * width + j + 1;
      let bestPairs = pairs[down];
      let bestAlike = alike[down];
      if (better(pairs[right], alike[right], bestPairs, bestAlike)) {
        bestPairs = pairs[right];
        bestAlike = alike[right];
      }
      if (leftKeys[i] === rightKeys[j]) {
        const score = likeness(original[i], forked[j]);
        matchScore[cell] = score;
        const diagonal = (i + 1) * width + j + 1;
        if (better(pairs[diagonal] + 1, alike[diagonal] + score, bestPairs, bestAlike)) {
          bestPairs = pairs[diagonal] + 1;
          bestAlike = alike[diagonal] + score;
        }
      }
      pairs[cell] = bestPairs;
      alike[cell] = bestAlike;
    }
  }
  const operations: DiffOperation<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const cell = i * width + j;
    const diagonal = (i + 1) * width + j + 1;
    const score = matchScore[cell];
    if (score >= 0 && pairs[diagonal] + 1 === pairs[cell] && Math.abs(alike[diagonal] + score - alike[cell]) < 1e-9) {
      operations.push({ op: 'same', original: original[i++], forked: forked[j++] });
    } else if (
      pairs[(i + 1) * width + j] === pairs[cell] &&
      Math.abs(alike[(i + 1) * width + j] - alike[cell]) < 1e-9
    ) {
      operations.push({ op: 'removed', original: original[i++] });
    } else {
      operations.push({ op: 'added', forked: forked[j++] });
    }
  }
  while (i < n) operations.push({ op: 'removed', original: original[i++] });
  while (j < m) operations.push({ op: 'added', forked: forked[j++] });
  return operations;
}
