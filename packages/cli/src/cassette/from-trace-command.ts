import { existsSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { CliError, usageError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { withTraceStore } from '../traces/open-trace-store';
import { parseTraceId, withDbOption } from '../traces/trace-options';

interface FromTraceArguments {
  traceId: string;
  db: string;
  out?: string;
  redact: boolean;
  force: boolean;
}

/** `clearstone cassette from-trace ID --out FILE`: a recorded trace's model and tool calls as a cassette. */
export function fromTraceCommand(context: CommandContext): CommandModule<object, FromTraceArguments> {
  return {
    command: 'from-trace <traceId>',
    describe: "Write a recorded trace's model and tool calls as a cassette file that tests replay",
    builder: (yargs) =>
      withDbOption(yargs)
        .positional('traceId', { type: 'string', demandOption: true, describe: 'Trace id (32 hex characters)' })
        .option('out', { type: 'string', describe: 'Cassette file to write (JSON)' })
        .option('redact', {
          type: 'boolean',
          default: false,
          describe: 'Run the PII redactor over the calls before writing them',
        })
        .option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing cassette file' }),
    handler: async (args) => {
      const traceId = parseTraceId(args.traceId);
      if (args.out === undefined || args.out.trim() === '') {
        throw usageError(
          '--out is required: the cassette file to write, e.g. --out test/cassettes/refund.json.',
          'MISSING_OUT',
        );
      }
      const out = context.resolvePath(args.out);
      if (existsSync(out) && !args.force) {
        throw new CliError({ code: 'FILE_EXISTS', message: `${out} already exists; pass --force to overwrite it.` });
      }
      const trace = await withTraceStore(context, args.db, (store) => store.getTrace(traceId));
      if (trace === undefined) {
        throw usageError(
          `No trace ${traceId} in ${args.db}. List the stored ones with 'clearstone traces list --db ${args.db}'.`,
          'TRACE_NOT_FOUND',
        );
      }
      const { Cassette } = await import('@clearstone/testing');
      const cassette = Cassette.fromTrace(trace, { path: out, mode: 'record', redact: args.redact });
      try {
        await cassette.save();
      } catch (error) {
        throw new CliError({
          code: 'WRITE_FAILED',
          message: `Cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`,
          cause: error,
        });
      }
      const models = cassette.entries.filter((entry) => entry.request.kind === 'model').length;
      const tools = cassette.entries.length - models;
      context.print(
        `Wrote ${out}: ${models} model call${models === 1 ? '' : 's'} and ${tools} tool call${tools === 1 ? '' : 's'} from trace ${traceId}${args.redact ? ' (redacted)' : ''}.`,
      );
    },
  };
}
