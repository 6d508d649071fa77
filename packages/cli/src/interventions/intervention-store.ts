import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { InterventionClient } from '@clearstone/policy';
import { CliError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';

/** The store directory: `--store`, else `$CLEARSTONE_INTERVENTIONS_DIR`, else `./.clearstone/interventions`. */
export function interventionDirectory(context: CommandContext, store: string | undefined): string {
  return context.resolvePath(
    store ?? context.io.env.CLEARSTONE_INTERVENTIONS_DIR ?? join('.clearstone', 'interventions'),
  );
}

/**
 * An intervention client over the file store an agent shares (never creating the directory).
 *
 * @throws CliError `'STORE_NOT_FOUND'` (exit code 1) when the directory does not exist.
 */
export async function openInterventionClient(
  context: CommandContext,
  store: string | undefined,
): Promise<{ client: InterventionClient; directory: string }> {
  const directory = interventionDirectory(context, store);
  if (!existsSync(directory)) {
    throw new CliError({
      code: 'STORE_NOT_FOUND',
      message: `No intervention store at ${directory}. Pass --store with the directory of the agent's FileInterventionStore (or set CLEARSTONE_INTERVENTIONS_DIR).`,
    });
  }
  const { FileInterventionStore, InterventionClient: Client } = await import('@clearstone/policy');
  return { client: new Client({ store: new FileInterventionStore(directory), terminal: false }), directory };
}
