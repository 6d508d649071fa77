import { ALLOW, BLOCK, InvalidArgumentError } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy } from '../internal/builtin-policy';
import { asNumber, asString } from '../internal/metadata-readers';
import { checkOptionsObject, checkString } from '../internal/option-checks';
import { checkTimeZone, hourInZone } from './hour-in-zone';

/** Options of {@link businessHoursOnlyPolicy}. */
export interface BusinessHoursOnlyPolicyOptions {
  /**
   * `[startHour, endHour)`, default `[9, 17]`. A start after the end is an overnight window
   * (`[22, 6]` allows 22:00–05:59). Metadata `businessHours` overrides it.
   */
  businessHours?: readonly [number, number];
  /** IANA time zone of the window, e.g. `'Europe/Berlin'` (default: the system zone). Metadata `timeZone` overrides it. */
  timeZone?: string;
}

type Window = readonly [number, number];

function checkWindow(value: unknown, argument: string): Window {
  const valid =
    Array.isArray(value) &&
    value.length === 2 &&
    Number.isInteger(value[0]) &&
    value[0] >= 0 &&
    value[0] <= 23 &&
    Number.isInteger(value[1]) &&
    value[1] >= 0 &&
    value[1] <= 24 &&
    value[0] !== value[1];
  if (!valid) {
    throw new InvalidArgumentError({
      message: `Policy 'business_hours_only': '${argument}' must be [startHour, endHour] with whole hours 0–23 / 0–24 and start ≠ end (got ${JSON.stringify(value)}).`,
      argument,
    });
  }
  return [value[0], value[1]] as Window;
}

function insideWindow(hour: number, [start, end]: Window): boolean {
  return start < end ? start <= hour && hour < end : hour >= start || hour < end;
}

/**
 * `business_hours_only` (priority 70): BLOCKs outside the business-hours window:
 * `Operation only allowed during business hours (9:00-17:00)`. The hour is metadata `currentHour`
 * when given, otherwise the hour of the context's timestamp in the configured time zone.
 *
 * @example
 * ```ts
 * const nightShift = businessHoursOnlyPolicy({ businessHours: [22, 6], timeZone: 'America/New_York' });
 * ```
 */
export function businessHoursOnlyPolicy(options?: BusinessHoursOnlyPolicyOptions): RegisteredPolicy {
  const name = 'business_hours_only';
  const checked = checkOptionsObject(name, options);
  const window =
    checked.businessHours === undefined ? ([9, 17] as Window) : checkWindow(checked.businessHours, 'businessHours');
  const zoneOption = checkString(name, 'timeZone', checked.timeZone);
  const timeZone = zoneOption === undefined ? undefined : checkTimeZone(zoneOption, 'timeZone');
  return defineBuiltinPolicy({ name, priority: 70, description: 'Blocks actions outside business hours.' }, (ctx) => {
    const metadataWindow = ctx.metadata.businessHours;
    const hours =
      metadataWindow === undefined || metadataWindow === null
        ? window
        : checkWindow(metadataWindow, 'metadata.businessHours');
    const zone = asString(ctx.metadata.timeZone, 'timeZone');
    const hour =
      asNumber(ctx.metadata.currentHour, 'currentHour') ??
      hourInZone(ctx.timestamp, zone === undefined ? timeZone : checkTimeZone(zone, 'metadata.timeZone'));
    if (!insideWindow(hour, hours)) {
      return BLOCK(`Operation only allowed during business hours (${hours[0]}:00-${hours[1]}:00)`, {
        currentHour: hour,
        businessHours: [...hours],
      });
    }
    return ALLOW;
  });
}
