import { usageError } from './cli-error';

const RELATIVE = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;
// Trace times are signed 64-bit nanoseconds: nothing is stored after 2262-04-11.
const LATEST_MS = 9_223_372_036_854;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses a point in time given on the command line: an ISO-8601 date or time
 * (`2025-01-31`, `2025-01-31T12:00:00Z`), epoch milliseconds, or an age such as `30m`, `24h`,
 * `7d` (that long before `now`).
 *
 * Times after the last one a trace can carry (2262-04-11) are clamped to it.
 *
 * @throws CliError (exit code 2) naming `option` for anything else.
 */
export function parseTimeOption(value: string, option: string, now: number = Date.now()): Date {
  const date = parseTime(value, option, now);
  return date.getTime() > LATEST_MS ? new Date(LATEST_MS) : date;
}

function parseTime(value: string, option: string, now: number): Date {
  const text = value.trim();
  const relative = RELATIVE.exec(text);
  if (relative !== null) return new Date(now - Number(relative[1]) * UNIT_MS[relative[2]]);
  if (/^\d{11,}$/.test(text)) return new Date(Number(text));
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw usageError(
    `--${option} '${value}' is not a time: use an ISO date (2025-01-31 or 2025-01-31T12:00:00Z), epoch milliseconds, or an age such as 30m, 24h, 7d.`,
    'INVALID_TIME',
  );
}
