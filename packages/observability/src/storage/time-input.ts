import { InvalidArgumentError, toEpochNs } from '@clearstone/core';

/** A point in time: epoch nanoseconds (bigint), epoch milliseconds (number) or a Date. */
export type TimeInput = bigint | number | Date;

/** Epoch nanoseconds of `time`; rejects invalid dates and non-finite numbers. */
export function timeInputToNs(time: TimeInput, argument: string): bigint {
  if (typeof time === 'bigint') return time;
  if ((typeof time === 'number' && Number.isFinite(time)) || (time instanceof Date && !Number.isNaN(time.getTime())))
    return toEpochNs(time);
  throw new InvalidArgumentError({
    message: `${argument} must be a bigint of epoch nanoseconds, a number of epoch milliseconds or a valid Date.`,
    argument,
  });
}
