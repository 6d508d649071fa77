import { ClearstoneError } from '@clearstone/core';

const marker = 'clearstone.error.CheckpointError';
const symbol = Symbol.for(marker);

/**
 * Codes of {@link CheckpointError}:
 * - `'CHECKPOINT_NOT_FOUND'`: no checkpoint file at that path or with that id;
 * - `'CHECKPOINT_CORRUPT'`: the file is not valid JSON (truncated, damaged) or its fields are malformed;
 * - `'CHECKPOINT_FOREIGN'`: the file is JSON but not a Clearstone checkpoint;
 * - `'CHECKPOINT_UNSUPPORTED_VERSION'`: the file was written in a format version this SDK cannot read;
 * - `'CHECKPOINT_TAMPERED'`: the integrity digest does not match the content (or the HMAC key differs);
 * - `'CHECKPOINT_KEY_REQUIRED'`: the file is HMAC-signed and no key was given;
 * - `'CHECKPOINT_INVALID_PATH'`: a path or id that is malformed or points outside the checkpoint directory;
 * - `'CHECKPOINT_SPAN_NOT_FOUND'`: the span id is not part of the given trace;
 * - `'CHECKPOINT_INVALID_TRACE'`: the trace argument is not a trace;
 * - `'CHECKPOINT_STATE_UNSERIALIZABLE'`: the agent state holds values that cannot be stored (functions, handles);
 * - `'CHECKPOINT_WRITE_FAILED'`: the file could not be written.
 */
export type CheckpointErrorCode =
  | 'CHECKPOINT_NOT_FOUND'
  | 'CHECKPOINT_CORRUPT'
  | 'CHECKPOINT_FOREIGN'
  | 'CHECKPOINT_UNSUPPORTED_VERSION'
  | 'CHECKPOINT_TAMPERED'
  | 'CHECKPOINT_KEY_REQUIRED'
  | 'CHECKPOINT_INVALID_PATH'
  | 'CHECKPOINT_SPAN_NOT_FOUND'
  | 'CHECKPOINT_INVALID_TRACE'
  | 'CHECKPOINT_STATE_UNSERIALIZABLE'
  | 'CHECKPOINT_WRITE_FAILED';

/**
 * Thrown when a checkpoint cannot be created, written, found or trusted.
 *
 * @example
 * ```ts
 * try {
 *   manager.loadCheckpoint(id);
 * } catch (error) {
 *   if (CheckpointError.isInstance(error) && error.code === 'CHECKPOINT_TAMPERED') console.error('do not trust this file');
 * }
 * ```
 */
export class CheckpointError extends ClearstoneError {
  protected readonly [symbol] = true;

  declare readonly code: CheckpointErrorCode;

  constructor({ message, code, cause }: { message: string; code: CheckpointErrorCode; cause?: unknown }) {
    super({ message, code, cause });
    this.name = 'CheckpointError';
  }

  /** True only for CheckpointError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is CheckpointError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
