import type { CommandModule } from 'yargs';
import { CliError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { withTraceStore } from './open-trace-store';
import { renderTraceTree } from './render-trace-tree';
import { parseTraceId, withDbOption } from './trace-options';

interface ShowArguments {
  id: string;
  db: string;
  json: boolean;
}

/** The error for a trace id that is not in the database. */
export function traceNotFound(traceId: string, db: string): CliError {
  return new CliError({
    code: 'TRACE_NOT_FOUND',
    message: `No trace ${traceId} in ${db}. List the stored ones with 'clearstone traces list --db ${db}'.`,
  });
}

/** `clearstone traces show ID`: one trace as a tree of spans. */
export function showCommand(context: CommandContext): CommandModule<object, ShowArguments> {
  return {
    command: 'show <id>',
    describe: 'Show one trace as a tree: durations, status, key attributes, policy decisions',
    builder: (yargs) =>
      withDbOption(yargs)
        .positional('id', { type: 'string', demandOption: true, describe: 'Trace id (32 hex characters)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print the trace and all its spans as JSON' }),
    handler: async (args) => {
      const traceId = parseTraceId(args.id);
      const trace = await withTraceStore(context, args.db, (store) => store.getTrace(traceId));
      if (trace === undefined) throw traceNotFound(traceId, args.db);
      if (args.json) context.printJson(trace);
      else context.print(renderTraceTree(trace, context.colors));
    },
  };
}
