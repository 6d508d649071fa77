import { ClearstoneError } from '@clearstone/core';

const marker = 'clearstone.error.ViewerError';
const symbol = Symbol.for(marker);

/**
 * Codes of {@link ViewerError}. The first group is returned by the JSON API (with the HTTP status
 * in parentheses); the last two are thrown by `startViewer`:
 * - `'INVALID_TRACE_ID'` (400): a trace id that is not 32 lowercase hex characters;
 * - `'INVALID_PARAMETER'` (400): a query parameter with a malformed value;
 * - `'UNKNOWN_PARAMETER'` (400): a query parameter the endpoint does not accept, or one given twice;
 * - `'TRACE_NOT_FOUND'` (404): no span of that trace is stored;
 * - `'NOT_FOUND'` (404): no such endpoint or file;
 * - `'METHOD_NOT_ALLOWED'` (405): anything but GET or HEAD;
 * - `'FORBIDDEN_HOST'` (403): a `Host` header the server was not started for (DNS rebinding);
 * - `'INTERNAL_ERROR'` (500): the trace store failed;
 * - `'PORT_IN_USE'`: the port is taken by another process;
 * - `'LISTEN_FAILED'`: the server could not listen for another reason;
 * - `'ASSETS_MISSING'`: the page's files are not in the assets directory (the package was not built).
 */
export type ViewerErrorCode =
  | 'INVALID_TRACE_ID'
  | 'INVALID_PARAMETER'
  | 'UNKNOWN_PARAMETER'
  | 'TRACE_NOT_FOUND'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'FORBIDDEN_HOST'
  | 'INTERNAL_ERROR'
  | 'PORT_IN_USE'
  | 'LISTEN_FAILED'
  | 'ASSETS_MISSING';

const HTTP_STATUS: Record<ViewerErrorCode, number> = {
  INVALID_TRACE_ID: 400,
  INVALID_PARAMETER: 400,
  UNKNOWN_PARAMETER: 400,
  TRACE_NOT_FOUND: 404,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  FORBIDDEN_HOST: 403,
  INTERNAL_ERROR: 500,
  PORT_IN_USE: 500,
  LISTEN_FAILED: 500,
  ASSETS_MISSING: 500,
};

/** Thrown by `startViewer`, and the body of every error answer of the viewer's JSON API. */
export class ViewerError extends ClearstoneError {
  protected readonly [symbol] = true;

  declare readonly code: ViewerErrorCode;

  /** Query parameter concerned, when there is one. */
  readonly parameter?: string;

  constructor({
    message,
    code,
    parameter,
    cause,
  }: {
    message: string;
    code: ViewerErrorCode;
    parameter?: string;
    cause?: unknown;
  }) {
    super({ message, code, cause });
    this.name = 'ViewerError';
    if (parameter !== undefined) this.parameter = parameter;
  }

  /** HTTP status the API answers this error with. */
  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }

  /** True only for ViewerError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is ViewerError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
