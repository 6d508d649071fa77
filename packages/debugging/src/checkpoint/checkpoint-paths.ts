import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { CheckpointError } from '../errors/checkpoint-error';

/** Pattern of checkpoint ids. */
export const CHECKPOINT_ID = /^ckpt_[0-9a-f]{32}$/;
const FILE_NAME = /^([0-9A-Za-z_-]{1,128})_(ckpt_[0-9a-f]{32})\.ckpt$/;

function invalid(message: string): never {
  throw new CheckpointError({ code: 'CHECKPOINT_INVALID_PATH', message });
}

/** Splits a checkpoint file name into trace id and checkpoint id, or undefined for other files. */
export function parseCheckpointFileName(name: string): { traceId: string; checkpointId: string } | undefined {
  const match = FILE_NAME.exec(name);
  return match === null ? undefined : { traceId: match[1], checkpointId: match[2] };
}

/** The file name of a checkpoint; rejects trace ids that could escape the directory. */
export function checkpointFileName(traceId: string, checkpointId: string): string {
  const name = `${traceId}_${checkpointId}.ckpt`;
  if (parseCheckpointFileName(name) === undefined)
    invalid(
      `Cannot name a checkpoint file after trace id ${JSON.stringify(traceId)}: only letters, digits, '_' and '-' are allowed.`,
    );
  return name;
}

/**
 * Resolves a checkpoint id or path to an absolute file path inside `dir`. Relative paths are taken
 * relative to `dir`; anything that resolves outside it (`..`, absolute paths elsewhere, symlinks out),
 * contains NUL or is not a `.ckpt` file is refused with CHECKPOINT_INVALID_PATH.
 */
export function resolveCheckpointPath(dir: string, pathOrId: string): string {
  if (typeof pathOrId !== 'string' || pathOrId === '') invalid('A checkpoint path or id must be a non-empty string.');
  if (pathOrId.includes('\0')) invalid('A checkpoint path must not contain NUL characters.');
  if (CHECKPOINT_ID.test(pathOrId)) {
    const name = existsSync(dir) ? readdirSync(dir).find((file) => file.endsWith(`_${pathOrId}.ckpt`)) : undefined;
    if (name === undefined)
      throw new CheckpointError({
        code: 'CHECKPOINT_NOT_FOUND',
        message: `No checkpoint with id ${pathOrId} in ${dir}.`,
      });
    return path.join(dir, name);
  }
  const resolved = path.resolve(dir, pathOrId);
  const relative = path.relative(dir, resolved);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    invalid(`Checkpoint path ${JSON.stringify(pathOrId)} is outside the checkpoint directory ${dir}.`);
  }
  if (!resolved.endsWith('.ckpt')) invalid(`Checkpoint path ${JSON.stringify(pathOrId)} does not name a .ckpt file.`);
  if (existsSync(resolved)) {
    const real = path.relative(realpathSync(dir), realpathSync(resolved));
    if (real.startsWith('..') || path.isAbsolute(real))
      invalid(`Checkpoint path ${JSON.stringify(pathOrId)} links outside the checkpoint directory ${dir}.`);
  }
  return resolved;
}
