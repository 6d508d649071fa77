import { existsSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { usageError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { DEFAULT_CHECKPOINT_DIR, openCheckpointManager } from '../checkpoints/open-checkpoints';
import { DEFAULT_TRACE_DB } from '../traces/open-trace-store';

interface UiArguments {
  db: string;
  port: number;
  host: string;
  checkpoints?: string;
  json: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Resolves when the process is asked to stop (SIGINT, SIGTERM) or `signal` aborts. */
function untilStopped(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const stop = (reason: string) => {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onTerminate);
      signal?.removeEventListener('abort', onAbort);
      resolve(reason);
    };
    const onInterrupt = () => stop('SIGINT');
    const onTerminate = () => stop('SIGTERM');
    const onAbort = () => stop('abort');
    process.once('SIGINT', onInterrupt);
    process.once('SIGTERM', onTerminate);
    if (signal?.aborted) stop('abort');
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `clearstone ui`: serves the trace viewer for a trace database on 127.0.0.1 until interrupted.
 * Checkpoints are linked from `--checkpoints DIR`, or from `.clearstone_checkpoints` when it exists.
 */
export function uiCommand(context: CommandContext): CommandModule<object, UiArguments> {
  return {
    command: 'ui',
    describe: 'Open a local web UI for traces, policy decisions and checkpoints',
    builder: (yargs) =>
      yargs
        .option('db', {
          type: 'string',
          default: DEFAULT_TRACE_DB,
          describe: 'Trace database (SQLite), opened read-only',
        })
        .option('port', { type: 'number', default: 4319, describe: 'Port to listen on (0 picks a free one)' })
        .option('host', {
          type: 'string',
          default: '127.0.0.1',
          describe: 'Interface to bind; anything but loopback exposes your traces',
        })
        .option('checkpoints', {
          type: 'string',
          describe: `Checkpoint directory to link from traces (default ${DEFAULT_CHECKPOINT_DIR} when present)`,
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print the address as JSON once listening' })
        .example('$0 ui', 'Serve clearstone_traces.db on http://127.0.0.1:4319/')
        .example('$0 ui --db runs.db --port 0', 'Serve another database on a free port'),
    handler: async (args) => {
      if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65_535)
        throw usageError(`--port must be an integer from 0 to 65535, got ${String(args.port)}.`, 'INVALID_PORT');
      if (args.host.trim() === '') throw usageError('--host may not be empty.', 'INVALID_HOST');
      const checkpointDir =
        args.checkpoints ??
        (existsSync(context.resolvePath(DEFAULT_CHECKPOINT_DIR)) ? DEFAULT_CHECKPOINT_DIR : undefined);
      const checkpoints = checkpointDir === undefined ? undefined : await openCheckpointManager(context, checkpointDir);
      const { startViewer } = await import('@clearstone/viewer');
      const viewer = await startViewer({
        dbPath: context.resolvePath(args.db),
        host: args.host,
        port: args.port,
        ...(checkpoints === undefined ? {} : { checkpoints }),
      });
      if (args.json) {
        context.printJson({
          url: viewer.url,
          port: viewer.port,
          db: context.resolvePath(args.db),
          checkpoints: checkpoints?.dir ?? null,
        });
      } else {
        const { bold, dim, yellow } = context.colors;
        context.print(`Clearstone trace viewer: ${bold(viewer.url)}`);
        context.print(
          dim(
            `Reading ${context.resolvePath(args.db)} (read-only)${checkpoints === undefined ? '' : `, checkpoints in ${checkpoints.dir}`}. Press Ctrl+C to stop.`,
          ),
        );
        if (!LOOPBACK.has(args.host))
          context.warn(yellow(`Listening on ${args.host}: anyone who can reach this machine can read these traces.`));
      }
      await untilStopped(context.io.signal);
      await viewer.close();
    },
  };
}
