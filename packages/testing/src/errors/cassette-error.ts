import { ClearstoneError } from '@clearstone/core';
import type { CassetteEntry, CassetteRequest } from '../cassette/types';

const marker = 'clearstone.error.CassetteError';
const symbol = Symbol.for(marker);

/**
 * Codes of {@link CassetteError}:
 * - `'INVALID_MODE'`: a mode that is not `record`, `replay`, `auto` or `strict` (option or
 *   `CLEARSTONE_CASSETTE_MODE`);
 * - `'CASSETTE_NOT_FOUND'`: `replay` or `strict` mode on a file that does not exist;
 * - `'CORRUPT_CASSETTE'`: the file is not JSON, not a cassette, or holds malformed entries;
 * - `'UNSUPPORTED_VERSION'`: the file was written in a cassette format version this package does not read;
 * - `'UNRECORDED_CALL'`: a call with no matching recording in `replay` or `strict` mode;
 * - `'UNUSED_RECORDINGS'`: recordings never used (`strict` mode's `save()`, or `assertAllUsed()`);
 * - `'NOT_RECORDING'`: `record()` called in `replay` or `strict` mode;
 * - `'NO_PATH'`: `save()` on a cassette built in memory without a path.
 */
export type CassetteErrorCode =
  | 'INVALID_MODE'
  | 'CASSETTE_NOT_FOUND'
  | 'CORRUPT_CASSETTE'
  | 'UNSUPPORTED_VERSION'
  | 'UNRECORDED_CALL'
  | 'UNUSED_RECORDINGS'
  | 'NOT_RECORDING'
  | 'NO_PATH';

/**
 * Thrown by a {@link Cassette} that cannot answer or store a call, or cannot read its file. For
 * `'UNRECORDED_CALL'`, `request` is the live call and `closest` the recorded request nearest to it
 * (the message shows the difference); for `'UNUSED_RECORDINGS'`, `unused` lists the recordings.
 */
export class CassetteError extends ClearstoneError {
  protected readonly [symbol] = true;

  declare readonly code: CassetteErrorCode;

  /** The cassette file concerned, when there is one. */
  readonly path?: string;
  /** The live request that had no recording (`'UNRECORDED_CALL'`). */
  readonly request?: CassetteRequest;
  /** The recorded request closest to `request`, when the cassette holds one of the same kind. */
  readonly closest?: CassetteRequest;
  /** The recordings never used (`'UNUSED_RECORDINGS'`). */
  readonly unused?: readonly CassetteEntry[];

  constructor({
    message,
    code,
    cause,
    path,
    request,
    closest,
    unused,
  }: {
    message: string;
    code: CassetteErrorCode;
    cause?: unknown;
    path?: string;
    request?: CassetteRequest;
    closest?: CassetteRequest;
    unused?: readonly CassetteEntry[];
  }) {
    super({ message, code, cause });
    this.name = 'CassetteError';
    if (path !== undefined) this.path = path;
    if (request !== undefined) this.request = request;
    if (closest !== undefined) this.closest = closest;
    if (unused !== undefined) this.unused = unused;
  }

  /** True only for CassetteError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is CassetteError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
