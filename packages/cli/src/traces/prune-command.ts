import type { CommandModule } from 'yargs';
import type { CommandContext } from '../cli/command-context';
import { parseTimeOption } from '../cli/parse-time';
import { withTraceStore } from './open-trace-store';
import { withDbOption } from './trace-options';

interface PruneArguments {
  before: string;
  db: string;
  json: boolean;
}

/** `clearstone traces prune --before DATE`: deletes old traces. */
export function pruneCommand(context: CommandContext): CommandModule<object, PruneArguments> {
  return {
    command: 'prune',
    describe: 'Delete traces that started before a time',
    builder: (yargs) =>
      withDbOption(yargs)
        .option('before', {
          type: 'string',
          demandOption: true,
          describe: 'ISO date/time, epoch ms, or an age (e.g. 30d deletes traces older than 30 days)',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON' })
        .example('$0 traces prune --db traces.db --before 30d', 'Keep the last 30 days'),
    handler: async (args) => {
      const before = parseTimeOption(args.before, 'before');
      const deleted = await withTraceStore(context, args.db, (store) => store.deleteTracesBefore(before), {
        write: true,
      });
      if (args.json) context.printJson({ deleted, before: before.toISOString() });
      else context.print(`Deleted ${deleted} trace${deleted === 1 ? '' : 's'} started before ${before.toISOString()}.`);
    },
  };
}
