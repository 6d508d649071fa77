// The figures of a trace comparison as text: durations, counts and costs with their signs, and the
// table of both runs' totals.
import type { RunTotals, TraceComparison } from './trace-comparison';

/** Leaves text as it is: the default of every style. */
export const plain = (text: string): string => text;

/** The styles the totals table uses. */
interface TotalsStyles {
  red(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** `+text` for a rise, `-text` for a fall, `text` for no change. */
export function signed(value: number, text: string): string {
  return value > 0 ? `+${text}` : value < 0 ? `-${text}` : text;
}

/** A duration in milliseconds as `850 µs`, `12.3 ms` or `1.20 s`; `—` when unknown. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  const size = Math.abs(ms);
  if (size < 1) return `${Math.round(size * 1000)} µs`;
  if (size < 1000) return `${size.toFixed(1)} ms`;
  return `${(size / 1000).toFixed(2)} s`;
}

/** A count with thousands separators, without its sign. */
export function formatCount(value: number): string {
  return Math.abs(value).toLocaleString('en-US');
}

/** US dollars with four decimals, without the sign; `—` when unknown. */
function formatUsd(value: number | null): string {
  return value === null ? '—' : `$${Math.abs(value).toFixed(4)}`;
}

interface TotalRow {
  label: string;
  value: (totals: RunTotals) => number | null;
  format: (value: number | null) => string;
  /** Whether a rise is bad (red) and a fall good (green); false leaves the difference uncoloured. */
  upIsWorse: boolean;
}

const TOTAL_ROWS: TotalRow[] = [
  { label: 'duration', value: (totals) => totals.durationMs, format: formatMs, upIsWorse: true },
  {
    label: 'tokens',
    value: (totals) => totals.totalTokens,
    format: (value) => formatCount(value ?? 0),
    upIsWorse: true,
  },
  {
    label: '  input',
    value: (totals) => totals.inputTokens,
    format: (value) => formatCount(value ?? 0),
    upIsWorse: true,
  },
  {
    label: '  output',
    value: (totals) => totals.outputTokens,
    format: (value) => formatCount(value ?? 0),
    upIsWorse: true,
  },
  { label: 'cost', value: (totals) => totals.costUsd, format: formatUsd, upIsWorse: true },
  {
    label: 'model calls',
    value: (totals) => totals.modelCalls,
    format: (value) => formatCount(value ?? 0),
    upIsWorse: false,
  },
  {
    label: 'tool calls',
    value: (totals) => totals.toolCalls,
    format: (value) => formatCount(value ?? 0),
    upIsWorse: false,
  },
  {
    label: 'blocked calls',
    value: (totals) => totals.blockedCalls,
    format: (value) => formatCount(value ?? 0),
    upIsWorse: true,
  },
  { label: 'errors', value: (totals) => totals.errors, format: (value) => formatCount(value ?? 0), upIsWorse: true },
];

/** The totals table: each figure for A and B and B − A, coloured when a rise is worse. */
export function totalsLines(comparison: TraceComparison, styles: TotalsStyles): string[] {
  const rows = TOTAL_ROWS.map((row) => {
    const before = row.value(comparison.a.totals);
    const after = row.value(comparison.b.totals);
    const exact = before === null || after === null ? null : after - before;
    // A difference too small to show (a rounding residue of a cost) is no difference.
    const delta = exact !== null && row.format(exact) === row.format(0) ? 0 : exact;
    const deltaText = delta === null ? '—' : delta === 0 ? '0' : signed(delta, row.format(delta));
    const colour = delta === null || delta === 0 || !row.upIsWorse ? plain : delta > 0 ? styles.red : styles.green;
    return { label: row.label, before: row.format(before), after: row.format(after), deltaText, colour };
  });
  const labelWidth = Math.max(...rows.map((row) => row.label.length));
  const beforeWidth = Math.max(1, ...rows.map((row) => row.before.length));
  const afterWidth = Math.max(1, ...rows.map((row) => row.after.length));
  const header = `  ${''.padEnd(labelWidth)}  ${'A'.padStart(beforeWidth)}  ${'B'.padStart(afterWidth)}  Δ`;
  return [
    styles.bold('Totals'),
    styles.dim(header),
    ...rows.map(
      (row) =>
        `  ${row.label.padEnd(labelWidth)}  ${row.before.padStart(beforeWidth)}  ${row.after.padStart(afterWidth)}  ${row.colour(row.deltaText)}`,
    ),
  ];
}
