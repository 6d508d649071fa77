import { InvalidArgumentError } from '@clearstone/core';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { hour: 'numeric', hourCycle: 'h23', timeZone });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Throws InvalidArgumentError unless `timeZone` is an IANA time zone this runtime knows. */
export function checkTimeZone(timeZone: string, argument: string): string {
  try {
    formatterFor(timeZone);
  } catch (error) {
    throw new InvalidArgumentError({
      message: `Unknown time zone '${timeZone}' (expected an IANA name such as 'Europe/Berlin').`,
      argument,
      cause: error,
    });
  }
  return timeZone;
}

/** The wall-clock hour (0–23) of `date` in `timeZone` (the system zone when undefined). */
export function hourInZone(date: Date, timeZone: string | undefined): number {
  const part = formatterFor(timeZone)
    .formatToParts(date)
    .find((item) => item.type === 'hour');
  return Number(part?.value) % 24;
}
