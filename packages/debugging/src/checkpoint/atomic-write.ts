import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { CheckpointError } from '../errors/checkpoint-error';

/**
 * Writes a file atomically: the text goes to a temporary file in the same directory, is flushed
 * to disk with fsync, then renamed over the target. Readers see the old file or the whole new one.
 */
export function writeFileAtomic(target: string, text: string): void {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(temporary, 'wx', 0o600);
    writeSync(descriptor, text, 0, 'utf8');
    fsyncSync(descriptor);
    closeSync(descriptor);
    descriptor = undefined;
    renameSync(temporary, target);
  } catch (error) {
    if (descriptor !== undefined) closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw new CheckpointError({
      code: 'CHECKPOINT_WRITE_FAILED',
      message: `Could not write checkpoint ${target}: ${(error as Error).message}`,
      cause: error,
    });
  }
  try {
    const directory = openSync(path.dirname(target), 'r');
    try {
      fsyncSync(directory);
    } finally {
      closeSync(directory);
    }
  } catch {
    // Directory fsync is not supported on every platform; the rename itself is already atomic.
  }
}
