import type { CostParts } from './api-types';

/** A duration in ms as text: `850 µs`, `12.3 ms`, `4.21 s`, `3 m 05 s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} m ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')} s`;
}

/** The short name of the local time zone at `date`, e.g. `UTC`, `CET`, `GMT+2`. */
export function timeZoneName(date: Date): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
      .formatToParts(date)
      .find((item) => item.type === 'timeZoneName');
    if (part !== undefined) return part.value;
  } catch {
    // No Intl time zone data: fall back to the offset below.
  }
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** An epoch-ns time (decimal string) as local `YYYY-MM-DD HH:MM:SS.mmm` followed by the time zone. */
export function formatTimestamp(epochNs: string): string {
  const date = new Date(Number(BigInt(epochNs) / 1_000_000n));
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)} ${timeZoneName(date)}`;
}

/** A cost in US dollars, or a dash when unknown. */
export function formatCost(usd: number | undefined): string {
  if (usd === undefined) return '—';
  return usd > 0 && usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/**
 * The parts of a cost to show, as `[label, usd]`: input and output always, cached input, cache
 * writes and reasoning when they cost something.
 */
export function costParts(cost: CostParts): Array<[string, number]> {
  const parts: Array<[string, number]> = [['input', cost.inputUsd]];
  if (cost.cacheReadUsd > 0) parts.push(['cached input', cost.cacheReadUsd]);
  if (cost.cacheWriteUsd > 0) parts.push(['cache write', cost.cacheWriteUsd]);
  parts.push(['output', cost.outputUsd]);
  if (cost.reasoningUsd > 0) parts.push(['reasoning', cost.reasoningUsd]);
  return parts;
}

/**
 * One part of a cost, with the precision of the whole: parts side by side read best alike, so
 * cents for a cost of a dollar or more, else four decimals.
 */
export function formatCostPart(usd: number, totalUsd: number): string {
  return `$${usd.toFixed(totalUsd >= 1 ? 2 : 4)}`;
}

/** `input $0.0036 · cached input $0.0060 · cache write $0.0135 · output $0.0075`. */
export function formatCostParts(cost: CostParts): string {
  return costParts(cost)
    .map(([label, usd]) => `${label} ${formatCostPart(usd, cost.totalUsd)}`)
    .join(' · ');
}

/**
 * A cost with the calls of unknown cost marked: `$0.0123`, `$0.0123 + unknown`, or `unknown`
 * when no call's cost is known; a dash when nothing cost anything.
 */
export function formatCostMarked(usd: number | undefined, unknownModels: readonly string[] | undefined): string {
  const unknown = (unknownModels ?? []).length > 0;
  if (!unknown) return formatCost(usd);
  return usd === undefined ? 'unknown' : `${formatCost(usd)} + unknown`;
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
