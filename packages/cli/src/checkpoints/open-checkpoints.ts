import { existsSync } from 'node:fs';
import type { CheckpointManager } from '@clearstone/debugging';
import { CliError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';

/** Default checkpoint directory, as used by `CheckpointManager`. */
export const DEFAULT_CHECKPOINT_DIR = '.clearstone_checkpoints';

/**
 * A checkpoint manager over an existing directory (never creating it). Signed checkpoints verify
 * with the key in `$CLEARSTONE_CHECKPOINT_KEY`.
 *
 * @throws CliError `'CHECKPOINT_DIR_NOT_FOUND'` (exit code 1).
 */
export async function openCheckpointManager(context: CommandContext, dir: string): Promise<CheckpointManager> {
  const path = context.resolvePath(dir);
  if (!existsSync(path)) {
    throw new CliError({
      code: 'CHECKPOINT_DIR_NOT_FOUND',
      message: `No checkpoint directory at ${path}. Pass --dir with your CheckpointManager's directory (default ${DEFAULT_CHECKPOINT_DIR}).`,
    });
  }
  const { CheckpointManager: Manager } = await import('@clearstone/debugging');
  const key = context.io.env.CLEARSTONE_CHECKPOINT_KEY;
  return new Manager({ dir: path, ...(key === undefined || key === '' ? {} : { hmacKey: key }) });
}
