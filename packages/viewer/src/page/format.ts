/** A duration in ms as text: `850 µs`, `12.3 ms`, `4.21 s`, `3 m 05 s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} m ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')} s`;
}

/** An epoch-ns time (decimal string) as local `YYYY-MM-DD HH:MM:SS.mmm`. */
export function formatTimestamp(epochNs: string): string {
  const date = new Date(Number(BigInt(epochNs) / 1_000_000n));
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A cost in US dollars, or a dash when unknown. */
export function formatCost(usd: number | undefined): string {
  if (usd === undefined) return '—';
  return usd > 0 && usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** A token count with thousands separators, or a dash for zero. */
export function formatTokens(tokens: number): string {
  return tokens === 0 ? '—' : tokens.toLocaleString('en-US');
}

/** An attribute value as text (arrays as JSON). */
export function formatAttribute(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `datetime-local` input value → epoch ms text, or undefined when empty or invalid. */
export function localInputToEpochMs(value: string): string | undefined {
  if (value === '') return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : String(time);
}

/** Epoch ms text → `datetime-local` input value (local time, minutes). */
export function epochMsToLocalInput(value: string | undefined): string {
  if (value === undefined || !/^\d+$/.test(value)) return '';
  const date = new Date(Number(value));
  const pad = (number: number): string => String(number).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
