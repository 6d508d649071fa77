/** HTTP statuses worth retrying (OTLP/HTTP specification): too many requests, bad gateway, unavailable, gateway timeout. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Milliseconds asked for by a `Retry-After` header (delay in seconds, or an HTTP date), or
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | undefined, now: number = Date.now()): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Delay before retry number `attempt` (0-based): exponential (`initialMs * 2^attempt`) with
 * "equal jitter" (between half and all of it), capped at `maxMs`. A server's `Retry-After` wins,
 * capped at `maxMs` too.
 */
export function retryDelayMs(
  attempt: number,
  initialMs: number,
  maxMs: number,
  retryAfterMs: number | undefined,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, maxMs);
  const exponential = Math.min(maxMs, initialMs * 2 ** attempt);
  return exponential / 2 + Math.random() * (exponential / 2);
}
