import { ClearstoneError } from '@clearstone/core';

const marker = 'clearstone.error.AuditTrailError';
const symbol = Symbol.for(marker);

/** Stable codes of {@link AuditTrailError}. */
export type AuditTrailErrorCode = 'AUDIT_SINK_INVALID' | 'AUDIT_WRITE_FAILED' | 'AUDIT_FILE_UNREADABLE';

/**
 * Thrown when an audit file cannot be used: an existing sink file whose last line is not an
 * audit entry (`'AUDIT_SINK_INVALID'`), an export that cannot be written (`'AUDIT_WRITE_FAILED'`),
 * or a file to verify that cannot be read (`'AUDIT_FILE_UNREADABLE'`).
 */
export class AuditTrailError extends ClearstoneError {
  protected readonly [symbol] = true;

  declare readonly code: AuditTrailErrorCode;

  /** The file involved. */
  readonly path: string;

  constructor({
    message,
    code,
    path,
    cause,
  }: {
    message: string;
    code: AuditTrailErrorCode;
    path: string;
    cause?: unknown;
  }) {
    super({ message, code, cause });
    this.name = 'AuditTrailError';
    this.path = path;
  }

  /** True only for AuditTrailError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is AuditTrailError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
