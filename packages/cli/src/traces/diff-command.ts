import type { CommandModule } from 'yargs';
import { usageError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { DEFAULT_VIEWER_URL } from '../backtest/render-preview';
import { withTraceStore } from './open-trace-store';
import { traceNotFound } from './show-command';
import { parseTraceId, withDbOption } from './trace-options';

interface DiffArguments {
  a: string;
  b: string;
  db: string;
  format?: 'text' | 'json';
  json: boolean;
}

function outputFormat(args: DiffArguments): 'text' | 'json' {
  if (args.json && args.format === 'text')
    throw usageError('--json and --format text disagree; give one of them.', 'CONFLICTING_FORMAT');
  return args.format ?? (args.json ? 'json' : 'text');
}

/** `clearstone traces diff A B`: two recorded runs compared step by step (`compareRuns` of `@clearstone/debugging`). */
export function diffCommand(context: CommandContext): CommandModule<object, DiffArguments> {
  return {
    command: 'diff <a> <b>',
    describe:
      'Compare two traces: tool and model calls aligned, added, removed and changed steps, decisions, token, cost and duration differences',
    builder: (yargs) =>
      withDbOption(yargs)
        .positional('a', {
          type: 'string',
          demandOption: true,
          describe: 'Trace id of the run to compare from (before)',
        })
        .positional('b', { type: 'string', demandOption: true, describe: 'Trace id of the run to compare to (after)' })
        .option('format', {
          choices: ['text', 'json'] as const,
          describe: 'Output: text (default) or json (the comparison as data)',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print the comparison as JSON (--format json)' })
        .example('$0 traces diff 4bf9…4736 0af7…319c --db traces.db', 'Did my change break it?'),
    handler: async (args) => {
      const format = outputFormat(args);
      const idA = parseTraceId(args.a);
      const idB = parseTraceId(args.b);
      const [traceA, traceB] = await withTraceStore(context, args.db, (store) => [
        store.getTrace(idA),
        store.getTrace(idB),
      ]);
      if (traceA === undefined) throw traceNotFound(idA, args.db);
      if (traceB === undefined) throw traceNotFound(idB, args.db);
      const { compareRuns, formatTraceComparison } = await import('@clearstone/debugging');
      const comparison = compareRuns(traceA, traceB);
      if (format === 'json') {
        context.printJson(comparison);
        return;
      }
      context.print(formatTraceComparison(comparison, { styles: context.colors }));
      context.print();
      context.print(
        context.colors.dim(
          `Side by side: clearstone ui --db ${args.db}, then ${DEFAULT_VIEWER_URL}#/compare/${idA}/${idB}`,
        ),
      );
    },
  };
}
