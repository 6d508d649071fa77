import { existsSync } from 'node:fs';
import type { TraceStore } from '@clearstone/observability';
import { CliError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';

/** Default trace database, as written by `TracerProvider` by default. */
export const DEFAULT_TRACE_DB = 'clearstone_traces.db';

/**
 * Opens the trace database given by `--db` (never creating one). A missing, foreign or corrupt
 * file raises the store's `TraceStoreError`, whose message names the file.
 *
 * @param options.write - open for writing (for `traces prune`); the file must still exist.
 */
export async function openTraceStore(
  context: CommandContext,
  db: string,
  options: { write?: boolean } = {},
): Promise<TraceStore> {
  const path = context.resolvePath(db);
  if (!existsSync(path)) {
    throw new CliError({
      code: 'DATABASE_NOT_FOUND',
      message: `Trace database not found: ${path}. Pass --db with the file your TracerProvider writes (default ${DEFAULT_TRACE_DB}).`,
    });
  }
  const { TraceStore: Store } = await import('@clearstone/observability');
  return new Store(path, { readonly: options.write !== true });
}

/** Runs `action` with an open store and closes it afterwards. */
export async function withTraceStore<T>(
  context: CommandContext,
  db: string,
  action: (store: TraceStore) => T | Promise<T>,
  options: { write?: boolean } = {},
): Promise<T> {
  const store = await openTraceStore(context, db, options);
  try {
    return await action(store);
  } finally {
    store.close();
  }
}
