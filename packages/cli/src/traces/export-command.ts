import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Trace } from '@clearstone/core';
import type { TraceStore } from '@clearstone/observability';
import type { CommandModule } from 'yargs';
import { CliError, usageError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { toJsonText } from '../cli/json-output';
import { withTraceStore } from './open-trace-store';
import { toOtlpRequest } from './otlp-json';
import { traceNotFound } from './show-command';
import { parseTraceId, withDbOption } from './trace-options';

interface ExportArguments {
  id?: string;
  all: boolean;
  format: string;
  out?: string;
  db: string;
}

const PAGE = 200;

function* allTraces(store: TraceStore): Generator<Trace> {
  for (let offset = 0; ; offset += PAGE) {
    const page = store.listTraces({ limit: PAGE, offset });
    for (const summary of page) {
      const trace = store.getTrace(summary.traceId);
      if (trace !== undefined) yield trace;
    }
    if (page.length < PAGE) return;
  }
}

function traceChunk(trace: Trace, format: string): string {
  return format === 'otlp' ? JSON.stringify(toOtlpRequest(trace.spans).resourceSpans[0]) : toJsonText(trace).trimEnd();
}

function openOutput(context: CommandContext, out: string | undefined): { write(text: string): void; close(): void } {
  if (out === undefined) return { write: (text) => void context.io.stdout.write(text), close: () => undefined };
  const path = context.resolvePath(out);
  let descriptor: number;
  try {
    mkdirSync(dirname(path), { recursive: true });
    descriptor = openSync(path, 'w');
  } catch (error) {
    throw new CliError({
      code: 'WRITE_FAILED',
      message: `Cannot write ${path}: ${(error as Error).message}`,
      cause: error,
    });
  }
  return { write: (text) => void writeSync(descriptor, text), close: () => closeSync(descriptor) };
}

/** `clearstone traces export ID|--all`: traces as Clearstone JSON or OTLP/JSON. */
export function exportCommand(context: CommandContext): CommandModule<object, ExportArguments> {
  return {
    command: 'export [id]',
    describe: 'Export one trace or all of them as JSON or OTLP/JSON',
    builder: (yargs) =>
      withDbOption(yargs)
        .positional('id', { type: 'string', describe: 'Trace id (or use --all)' })
        .option('all', { type: 'boolean', default: false, describe: 'Export every trace' })
        .option('format', {
          type: 'string',
          choices: ['json', 'otlp'],
          default: 'json',
          describe: 'json: Clearstone traces; otlp: an OTLP/JSON ExportTraceServiceRequest',
        })
        .option('out', { type: 'string', describe: 'Write to this file instead of stdout' })
        .example(
          '$0 traces export --all --format otlp --out traces.otlp.json',
          'Everything, ready to POST to a collector at /v1/traces',
        ),
    handler: async (args) => {
      if ((args.id === undefined) === !args.all)
        throw usageError('Give a trace id or --all (not both).', 'USAGE_ERROR');
      const traceId = args.id === undefined ? undefined : parseTraceId(args.id);
      const counts = await withTraceStore(context, args.db, (store) => {
        const traces: Iterable<Trace> =
          traceId === undefined ? allTraces(store) : [store.getTrace(traceId) ?? throwNotFound(traceId, args.db)];
        const output = openOutput(context, args.out);
        let traceCount = 0;
        let spanCount = 0;
        try {
          const single = traceId !== undefined && args.format === 'json';
          output.write(single ? '' : args.format === 'otlp' ? '{"resourceSpans":[' : '[');
          for (const trace of traces) {
            output.write(`${traceCount > 0 ? ',' : ''}${single ? '' : '\n'}${traceChunk(trace, args.format)}`);
            traceCount += 1;
            spanCount += trace.spans.length;
          }
          output.write(single ? '\n' : args.format === 'otlp' ? '\n]}\n' : '\n]\n');
        } finally {
          output.close();
        }
        return { traceCount, spanCount };
      });
      if (args.out !== undefined) {
        context.print(
          `Exported ${counts.traceCount} trace${counts.traceCount === 1 ? '' : 's'} (${counts.spanCount} spans) to ${relative(context.io.cwd, context.resolvePath(args.out))}`,
        );
      }
    },
  };
}

function throwNotFound(traceId: string, db: string): never {
  throw traceNotFound(traceId, db);
}
