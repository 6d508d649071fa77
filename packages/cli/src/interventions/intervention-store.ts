import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { InterventionClient, InterventionStorage } from '@clearstone/policy';
import { CliError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';

/** Where the `interventions` commands find the store an agent shares. */
export interface StoreArguments {
  /** A `FileInterventionStore` directory or a `SqliteGovernanceStore` file. */
  store?: string;
  /** The URL of the Redis a `RedisGovernanceStore` uses. */
  redis?: string;
  /** The Redis key prefix (default `clearstone:`). */
  prefix?: string;
}

/** The store directory: `--store`, else `$CLEARSTONE_INTERVENTIONS_DIR`, else `./.clearstone/interventions`. */
export function interventionDirectory(context: CommandContext, store: string | undefined): string {
  return context.resolvePath(
    store ?? context.io.env.CLEARSTONE_INTERVENTIONS_DIR ?? join('.clearstone', 'interventions'),
  );
}

/**
 * An intervention client over the store an agent shares (never creating it): Redis with
 * `--redis URL` (or `$CLEARSTONE_REDIS_URL`), a SQLite governance store when `--store` names a
 * file, else the file store directory.
 *
 * @throws CliError `'STORE_NOT_FOUND'` (exit code 1) when the directory or file does not exist.
 */
export async function openInterventionClient(
  context: CommandContext,
  args: StoreArguments,
): Promise<{ client: InterventionClient<InterventionStorage>; where: string; close(): Promise<void> }> {
  const policy = await import('@clearstone/policy');
  const redisUrl = args.redis ?? context.io.env.CLEARSTONE_REDIS_URL;
  if (redisUrl !== undefined && redisUrl !== '') {
    const { RedisGovernanceStore } = await import('@clearstone/policy-redis');
    const store = new RedisGovernanceStore({
      url: redisUrl,
      ...(args.prefix === undefined ? {} : { prefix: args.prefix }),
    });
    const client = new policy.InterventionClient<InterventionStorage>({ store, terminal: false });
    return { client, where: store.description, close: () => store.close() };
  }
  const path = interventionDirectory(context, args.store);
  if (!existsSync(path)) {
    throw new CliError({
      code: 'STORE_NOT_FOUND',
      message: `No intervention store at ${path}. Pass --store with the directory of the agent's FileInterventionStore or the file of its SqliteGovernanceStore (or set CLEARSTONE_INTERVENTIONS_DIR), or --redis with the URL of its RedisGovernanceStore.`,
    });
  }
  if (statSync(path).isFile()) {
    const store = new policy.SqliteGovernanceStore(path);
    const client = new policy.InterventionClient<InterventionStorage>({ store, terminal: false });
    return { client, where: store.description, close: () => Promise.resolve(store.close()) };
  }
  const client = new policy.InterventionClient<InterventionStorage>({
    store: new policy.FileInterventionStore(path),
    terminal: false,
  });
  return { client, where: path, close: () => Promise.resolve() };
}
