import { ViewerError } from '../errors';

const TRACE_ID = /^[0-9a-f]{32}$/;

/** `value` when it is a trace id (32 lowercase hex characters); otherwise an `INVALID_TRACE_ID` error. */
export function checkTraceId(value: string): string {
  if (!TRACE_ID.test(value)) {
    throw new ViewerError({
      code: 'INVALID_TRACE_ID',
      message: `Invalid trace id "${value.slice(0, 64)}": expected 32 lowercase hex characters.`,
    });
  }
  return value;
}
