// eslint-disable-next-line no-control-regex -- ANSI colour sequences start with the ESC control character
const ANSI = /\u001b\[[0-9;]*m/g;

/** Visible width of text that may contain ANSI colour codes. */
function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

/** A duration in ns as `12.3 ms`, `1.20 s`, `850 µs`; `—` when unknown. */
export function formatDurationNs(durationNs: bigint | undefined): string {
  if (durationNs === undefined) return '—';
  const ms = Number(durationNs) / 1e6;
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Epoch nanoseconds as an ISO-8601 time (millisecond precision). */
export function formatTimeNs(timeNs: bigint): string {
  return new Date(Number(timeNs / 1_000_000n)).toISOString();
}

/** Milliseconds of a nanosecond duration, for JSON output. */
export function durationMs(durationNs: bigint | undefined): number | null {
  return durationNs === undefined ? null : Number(durationNs) / 1e6;
}

/** Rows aligned in columns separated by two spaces; the header row is given first. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, visibleLength(cell))));
  return rows
    .map((row) =>
      row
        .map((cell, index) =>
          index === row.length - 1 ? cell : cell + ' '.repeat(widths[index] - visibleLength(cell)),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Shortens text to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
