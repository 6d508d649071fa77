import type { TraceComparison } from '@clearstone/debugging';
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
  context?: number;
  'fail-on'?: 'changes' | 'new-blocks';
}

function outputFormat(args: DiffArguments): 'text' | 'json' {
  if (args.json && args.format === 'text')
    throw usageError('--json and --format text disagree; give one of them.', 'CONFLICTING_FORMAT');
  return args.format ?? (args.json ? 'json' : 'text');
}

function contextOption(args: DiffArguments): number | undefined {
  const steps = args.context;
  if (steps !== undefined && (!Number.isSafeInteger(steps) || steps < 0))
    throw usageError(`--context must be a whole number, 0 or more (got '${String(steps)}').`, 'INVALID_CONTEXT');
  return steps;
}

/** Whether B has a governed call that did not run where A's aligned call ran, or where A had no such call. */
function hasNewBlock(comparison: TraceComparison): boolean {
  return comparison.steps.some((step) => step.b?.prevented === true && step.a?.prevented !== true);
}

function failed(comparison: TraceComparison, failOn: DiffArguments['fail-on']): boolean {
  if (failOn === 'changes') return !comparison.identical;
  if (failOn === 'new-blocks') return hasNewBlock(comparison);
  return false;
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
        .option('context', {
          type: 'number',
          describe: 'Text: unchanged steps shown around each difference; longer runs fold into one line (default: all)',
        })
        .option('fail-on', {
          choices: ['changes', 'new-blocks'] as const,
          describe: 'Exit 1 when the runs differ at all (changes), or when B has a blocked call A did not (new-blocks)',
        })
        .example('$0 traces diff 4bf9…4736 0af7…319c --db traces.db', 'Did my change break it?')
        .example(
          '$0 traces diff 4bf9…4736 0af7…319c --context 2 --fail-on new-blocks',
          'Only the differences, two steps around each; exit 1 on a new block',
        ),
    handler: async (args) => {
      const format = outputFormat(args);
      const steps = contextOption(args);
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
      } else {
        context.print(
          formatTraceComparison(comparison, {
            styles: context.colors,
            ...(steps === undefined ? {} : { context: steps }),
          }),
        );
        context.print();
        context.print(
          context.colors.dim(
            `Side by side: clearstone ui --db ${args.db}, then ${DEFAULT_VIEWER_URL}#/compare/${idA}/${idB}`,
          ),
        );
      }
      if (failed(comparison, args['fail-on'])) context.exitCode = 1;
    },
  };
}
