import { type SpanStatusCode, isValidTraceId } from '@clearstone/core';
import type { Argv } from 'yargs';
import { usageError } from '../cli/cli-error';
import { DEFAULT_TRACE_DB } from './open-trace-store';

/** Adds the `--db` option. */
export function withDbOption<T>(yargs: Argv<T>) {
  return yargs.option('db', {
    type: 'string',
    default: DEFAULT_TRACE_DB,
    describe: 'Trace database (SQLite) written by a TracerProvider',
  });
}

/** Parses `--status ok|error|unset` (any case). */
export function parseStatus(value: string): SpanStatusCode {
  const status = value.toUpperCase();
  if (status === 'OK' || status === 'ERROR' || status === 'UNSET') return status as SpanStatusCode;
  throw usageError(`--status must be ok, error or unset (got '${value}').`, 'INVALID_STATUS');
}

/** Checks a trace id given on the command line (32 lowercase hex characters; upper case accepted). */
export function parseTraceId(value: string): string {
  const id = value.trim().toLowerCase();
  if (!isValidTraceId(id))
    throw usageError(
      `'${value}' is not a trace id: expected 32 hexadecimal characters (see 'clearstone traces list').`,
      'INVALID_TRACE_ID',
    );
  return id;
}
