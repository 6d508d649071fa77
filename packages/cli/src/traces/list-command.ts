import type { TraceSummary } from '@clearstone/core';
import type { CommandModule } from 'yargs';
import { usageError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { durationMs, formatDurationNs, formatTable, formatTimeNs, truncate } from '../cli/format';
import { parseTimeOption } from '../cli/parse-time';
import { withTraceStore } from './open-trace-store';
import { parseStatus, withDbOption } from './trace-options';

interface ListArguments {
  db: string;
  limit: number;
  since?: string;
  status?: string;
  name?: string;
  json: boolean;
}

/** A trace summary as `--json` prints it. */
export function summaryJson(summary: TraceSummary) {
  return {
    traceId: summary.traceId,
    rootSpanId: summary.rootSpanId,
    name: summary.name,
    status: summary.status,
    spanCount: summary.spanCount,
    startTime: formatTimeNs(summary.startTimeNs),
    startTimeNs: summary.startTimeNs.toString(),
    durationMs: durationMs(summary.durationNs),
  };
}

/** `clearstone traces list`: recorded traces, newest first. */
export function listCommand(context: CommandContext): CommandModule<object, ListArguments> {
  return {
    command: 'list',
    describe: 'List recorded traces, newest first',
    builder: (yargs) =>
      withDbOption(yargs)
        .option('limit', { type: 'number', default: 20, describe: 'Most traces shown' })
        .option('since', {
          type: 'string',
          describe: 'Only traces started since: ISO date/time, epoch ms, or an age (30m, 24h, 7d)',
        })
        .option('status', { type: 'string', describe: 'Only traces with this status: ok, error or unset' })
        .option('name', { type: 'string', describe: 'Only traces whose root span has this name' })
        .option('json', { type: 'boolean', default: false, describe: 'Print the traces as JSON' })
        .example('$0 traces list --db traces.db --status error --since 24h', 'Failed traces of the last day'),
    handler: async (args) => {
      if (!Number.isSafeInteger(args.limit) || args.limit < 1)
        throw usageError(`--limit must be a positive integer (got '${String(args.limit)}').`, 'INVALID_LIMIT');
      const query = {
        limit: args.limit,
        ...(args.since === undefined ? {} : { since: parseTimeOption(args.since, 'since') }),
        ...(args.status === undefined ? {} : { status: parseStatus(args.status) }),
        ...(args.name === undefined ? {} : { name: args.name }),
      };
      const summaries = await withTraceStore(context, args.db, (store) => store.listTraces(query));
      if (args.json) {
        context.printJson(summaries.map(summaryJson));
        return;
      }
      if (summaries.length === 0) {
        context.print('No traces match.');
        return;
      }
      const { red, green, dim } = context.colors;
      const status = (value: string): string =>
        value === 'ERROR' ? red(value) : value === 'OK' ? green(value) : dim(value);
      context.print(
        formatTable([
          ['TRACE ID', 'STARTED', 'DURATION', 'SPANS', 'STATUS', 'NAME'],
          ...summaries.map((summary) => [
            summary.traceId,
            formatTimeNs(summary.startTimeNs),
            formatDurationNs(summary.durationNs),
            String(summary.spanCount),
            status(summary.status),
            truncate(summary.name, 60),
          ]),
        ]),
      );
    },
  };
}
