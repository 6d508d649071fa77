/** One edit of {@link myersDiff}: an item in both sequences, only in the second, or only in the first. */
export type EditOperation = 'same' | 'added' | 'removed';

/**
 * Myers' O((N + M) · D) shortest edit script between two sequences of keys: fast on long
 * sequences that differ in few places, where a full longest-common-subsequence table would not fit.
 * Returns undefined when more than `maxEdits` insertions and deletions are needed (memory grows
 * with the square of the edits).
 */
export function myersDiff(
  original: readonly string[],
  forked: readonly string[],
  maxEdits: number,
): EditOperation[] | undefined {
  const n = original.length;
  const m = forked.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const furthest = new Int32Array(2 * max + 3);
  // rounds[d]: the furthest x on each diagonal -d..d before round d, for walking back.
  const rounds: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    rounds.push(furthest.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && furthest[offset + k - 1] < furthest[offset + k + 1]);
      let x = down ? furthest[offset + k + 1] : furthest[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && original[x] === forked[y]) {
        x++;
        y++;
      }
      furthest[offset + k] = x;
      if (x >= n && y >= m) return walkBack(rounds, d, n, m);
    }
  }
  return undefined;
}

function walkBack(rounds: readonly Int32Array[], edits: number, n: number, m: number): EditOperation[] {
  const operations: EditOperation[] = [];
  let x = n;
  let y = m;
  for (let d = edits; d > 0; d--) {
    const before = rounds[d];
    const at = (k: number): number => before[k + d];
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      operations.push('same');
      x--;
      y--;
    }
    operations.push(x === previousX ? 'added' : 'removed');
    x = previousX;
    y = previousY;
  }
  while (x > 0 && y > 0) {
    operations.push('same');
    x--;
    y--;
  }
  return operations.reverse();
}
