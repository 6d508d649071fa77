import type { TraceSummary } from '@clearstone/core';
import type { CommandModule } from 'yargs';
import { usageError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { durationMs, formatDurationNs, formatTable, formatTimeNs, truncate } from '../cli/format';
import { parseTimeOption } from '../cli/parse-time';
import { withTraceStore } from './open-trace-store';
import { parseStatus, withDbOption } from './trace-options';
import { formatCostUsd, formatTokens, governanceFlags, governanceMarker, traceUsageFigures } from './trace-figures';
import type { GovernanceFlags, TraceUsageFigures } from './trace-figures';

interface ListArguments {
  db: string;
  limit: number;
  since?: string;
  status?: string;
  name?: string;
  json: boolean;
}

/**
 * A trace summary as `--json` prints it, with the trace's tokens, cost and `blocked` / `paused`
 * flags when given.
 */
export function summaryJson(summary: TraceSummary, figures?: TraceUsageFigures, flags?: GovernanceFlags) {
  return {
    traceId: summary.traceId,
    rootSpanId: summary.rootSpanId,
    name: summary.name,
    status: summary.status,
    spanCount: summary.spanCount,
    startTime: formatTimeNs(summary.startTimeNs),
    startTimeNs: summary.startTimeNs.toString(),
    durationMs: durationMs(summary.durationNs),
    ...(figures ?? {}),
    ...(flags ?? {}),
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
      const listed = await withTraceStore(context, args.db, (store) =>
        store.listTraces(query).map((summary) => {
          const spans = store.getTrace(summary.traceId)?.spans ?? [];
          return { summary, figures: traceUsageFigures(spans), flags: governanceFlags(summary, spans) };
        }),
      );
      if (args.json) {
        context.printJson(listed.map(({ summary, figures, flags }) => summaryJson(summary, figures, flags)));
        return;
      }
      if (listed.length === 0) {
        context.print('No traces match.');
        return;
      }
      const { red, green, dim } = context.colors;
      const status = (value: string): string =>
        value === 'ERROR' ? red(value) : value === 'OK' ? green(value) : dim(value);
      // The BLOCKED/PAUSED column is shown when a listed trace holds a block or a pause.
      const markers = listed.some(({ flags }) => governanceMarker(flags) !== '');
      context.print(
        formatTable([
          [
            'TRACE ID',
            'STARTED',
            'DURATION',
            'SPANS',
            'TOKENS',
            'COST',
            'STATUS',
            ...(markers ? ['POLICY'] : []),
            'NAME',
          ],
          ...listed.map(({ summary, figures, flags }) => [
            summary.traceId,
            formatTimeNs(summary.startTimeNs),
            formatDurationNs(summary.durationNs),
            String(summary.spanCount),
            figures.totalTokens > 0 ? formatTokens(figures.totalTokens) : '—',
            formatCostUsd(figures.costUsd),
            status(summary.status),
            ...(markers ? [governanceMarker(flags) === '' ? '' : red(governanceMarker(flags))] : []),
            truncate(summary.name, 60),
          ]),
        ]),
      );
    },
  };
}
