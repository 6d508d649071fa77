import { nowNs } from '@clearstone/core';
import type { HrTime, TimeInput } from '@opentelemetry/api';

/** A time as Clearstone takes it (epoch-ns `bigint`) or as OpenTelemetry does (`HrTime`, epoch or `performance.now()` ms, `Date`). */
export type AnyTimeInput = bigint | TimeInput;

const timeOriginMs = performance.timeOrigin;

function millisecondsToNs(milliseconds: number): bigint {
  const whole = Math.trunc(milliseconds);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((milliseconds - whole) * 1e6));
}

/** True for the time forms of OpenTelemetry's `addEvent(name, time)` overload. */
export function isTimeInput(value: unknown): value is AnyTimeInput {
  return typeof value === 'bigint' || typeof value === 'number' || Array.isArray(value) || value instanceof Date;
}

/**
 * Epoch nanoseconds of `time`, like the OpenTelemetry SDK reads it: numbers below the process's
 * time origin are `performance.now()` readings. Unusable values give the current time.
 */
export function toEpochNanoseconds(time: AnyTimeInput | undefined): bigint {
  if (typeof time === 'bigint') return time;
  if (typeof time === 'number' && Number.isFinite(time))
    return millisecondsToNs(time < timeOriginMs ? time + timeOriginMs : time);
  if (Array.isArray(time) && Number.isFinite(time[0]) && Number.isFinite(time[1]))
    return BigInt(Math.trunc(time[0])) * 1_000_000_000n + BigInt(Math.trunc(time[1]));
  if (time instanceof Date && Number.isFinite(time.getTime())) return millisecondsToNs(time.getTime());
  return nowNs();
}

/** `[seconds, nanoseconds]` of epoch nanoseconds, as OpenTelemetry's `HrTime`. */
export function toHrTime(timeNs: bigint): HrTime {
  return [Number(timeNs / 1_000_000_000n), Number(timeNs % 1_000_000_000n)];
}
