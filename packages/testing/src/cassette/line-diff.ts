// A small line diff for test failures: which lines of the recorded request the live one removed (`- `)
// or added (`+ `), with a little context.

/** Options of {@link lineDiff}. */
export interface LineDiffOptions {
  /** Unchanged lines kept around each change (default 2). */
  context?: number;
  /** Most lines shown (default 40); the rest are counted in a last line. */
  maxLines?: number;
}

type Op = { kind: ' ' | '-' | '+'; line: string };

function diffOps(before: readonly string[], after: readonly string[]): Op[] {
  const rows = before.length;
  const columns = after.length;
  // Longest common subsequence table, from the end.
  const table: number[][] = Array.from({ length: rows + 1 }, () => new Array<number>(columns + 1).fill(0));
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = columns - 1; j >= 0; j--) {
      table[i][j] = before[i] === after[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < rows && j < columns) {
    if (before[i] === after[j]) {
      ops.push({ kind: ' ', line: before[i] });
      i++;
      j++;
    } else if (table[i + 1][j] >= table[i][j + 1]) {
      ops.push({ kind: '-', line: before[i++] });
    } else {
      ops.push({ kind: '+', line: after[j++] });
    }
  }
  while (i < rows) ops.push({ kind: '-', line: before[i++] });
  while (j < columns) ops.push({ kind: '+', line: after[j++] });
  return ops;
}

/** Number of lines that differ between two texts (removed plus added). */
export function changedLineCount(before: string, after: string): number {
  return diffOps(before.split('\n'), after.split('\n')).filter((op) => op.kind !== ' ').length;
}

/**
 * A readable diff of two texts, line by line: removed lines start with `- `, added lines with
 * `+ `, unchanged context lines with two spaces; runs of unchanged lines far from a change are
 * shown as `  …`. At most `maxLines` lines.
 */
export function lineDiff(before: string, after: string, options: LineDiffOptions = {}): string {
  const context = options.context ?? 2;
  const maxLines = options.maxLines ?? 40;
  const ops = diffOps(before.split('\n'), after.split('\n'));
  const near = ops.map((_op, index) =>
    ops.slice(Math.max(0, index - context), index + context + 1).some((other) => other.kind !== ' '),
  );
  const lines: string[] = [];
  let skipping = false;
  ops.forEach((op, index) => {
    if (op.kind === ' ' && !near[index]) {
      if (!skipping) lines.push('  …');
      skipping = true;
      return;
    }
    skipping = false;
    lines.push(`${op.kind} ${op.line}`);
  });
  if (lines.length <= maxLines) return lines.join('\n');
  return [...lines.slice(0, maxLines), `  … (${lines.length - maxLines} more lines)`].join('\n');
}
