import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { inspect } from 'node:util';
import type { Argv, CommandModule } from 'yargs';
import { CliError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { formatTable } from '../cli/format';
import { DEFAULT_CHECKPOINT_DIR, openCheckpointManager } from './open-checkpoints';

interface ListArguments {
  dir: string;
  trace?: string;
  json: boolean;
}

interface TargetArguments {
  checkpoint: string;
  dir: string;
  json: boolean;
}

function dirOption<T>(yargs: Argv<T>) {
  return yargs.option('dir', { type: 'string', default: DEFAULT_CHECKPOINT_DIR, describe: 'Checkpoint directory' });
}

function listCommand(context: CommandContext): CommandModule<object, ListArguments> {
  return {
    command: 'list',
    describe: 'List valid checkpoints, oldest first',
    builder: (yargs) =>
      dirOption(yargs)
        .option('trace', { type: 'string', describe: 'Only checkpoints of this trace id' })
        .option('json', { type: 'boolean', default: false, describe: 'Print the checkpoints as JSON' }),
    handler: async (args) => {
      const manager = await openCheckpointManager(context, args.dir);
      const summaries = manager.listCheckpoints(args.trace === undefined ? {} : { traceId: args.trace });
      const listed = new Set(summaries.map((summary) => basename(summary.path)));
      const skipped =
        args.trace === undefined
          ? readdirSync(manager.dir).filter((name) => name.endsWith('.ckpt') && !listed.has(name))
          : [];
      if (args.json) {
        context.printJson({ checkpoints: summaries, invalidFiles: skipped });
        return;
      }
      if (summaries.length === 0) context.print('No checkpoints.');
      else {
        context.print(
          formatTable([
            ['CHECKPOINT ID', 'CREATED', 'TRACE ID', 'SPAN', 'AGENT', 'LABEL'],
            ...summaries.map((summary) => [
              summary.checkpointId,
              summary.createdAt,
              summary.traceId,
              summary.spanName,
              summary.agentClass,
              summary.label ?? '',
            ]),
          ]),
        );
      }
      if (skipped.length > 0) {
        context.warn(
          context.errorColors.yellow(
            `${skipped.length} file(s) failed verification and are not listed: ${skipped.join(', ')}. 'clearstone checkpoints show <file>' says why.`,
          ),
        );
      }
    },
  };
}

function showCommand(context: CommandContext): CommandModule<object, TargetArguments> {
  return {
    command: 'show <checkpoint>',
    describe: 'Show a checkpoint: metadata, spans and agent state',
    builder: (yargs) =>
      dirOption(yargs)
        .positional('checkpoint', {
          type: 'string',
          demandOption: true,
          describe: 'Checkpoint id (ckpt_…) or file name in the directory',
        })
        .option('json', {
          type: 'boolean',
          default: false,
          describe: 'Print the checkpoint as JSON (state as its serialized envelope)',
        }),
    handler: async (args) => {
      const manager = await openCheckpointManager(context, args.dir);
      const checkpoint = manager.loadCheckpoint(args.checkpoint);
      const spans = checkpoint.spans.map((span) => ({
        spanId: span.spanId,
        parentSpanId: span.parentSpanId,
        name: span.name,
        status: span.status,
      }));
      if (args.json) {
        context.printJson({
          metadata: checkpoint.metadata,
          path: checkpoint.path,
          spans,
          serializedState: checkpoint.serializedState,
        });
        return;
      }
      const { bold, dim } = context.colors;
      context.print(bold(`Checkpoint ${checkpoint.metadata.checkpointId}`));
      context.print(
        formatTable(Object.entries(checkpoint.metadata).map(([key, value]) => [`  ${key}`, String(value)])),
      );
      context.print(`  ${dim('file')}  ${checkpoint.path}`);
      context.print(bold(`Spans (${spans.length})`));
      for (const span of spans)
        context.print(
          `  ${span.spanId}  ${span.name}  ${span.status}${span.spanId === checkpoint.metadata.spanId ? '  ◀ checkpoint' : ''}`,
        );
      context.print(bold('State'));
      context.print(
        inspect(checkpoint.state, { depth: 4, colors: context.colors.enabled, breakLength: 100 }).replace(/^/gm, '  '),
      );
    },
  };
}

function deleteCommand(context: CommandContext): CommandModule<object, TargetArguments> {
  return {
    command: 'delete <checkpoint>',
    describe: 'Delete a checkpoint file',
    builder: (yargs) =>
      dirOption(yargs)
        .positional('checkpoint', {
          type: 'string',
          demandOption: true,
          describe: 'Checkpoint id (ckpt_…) or file name in the directory',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON' }),
    handler: async (args) => {
      const manager = await openCheckpointManager(context, args.dir);
      if (!manager.deleteCheckpoint(args.checkpoint)) {
        throw new CliError({
          code: 'CHECKPOINT_NOT_FOUND',
          message: `No checkpoint '${args.checkpoint}' in ${manager.dir}.`,
        });
      }
      if (args.json) context.printJson({ deleted: args.checkpoint });
      else context.print(`Deleted checkpoint ${args.checkpoint}.`);
    },
  };
}

/** `clearstone checkpoints list|show|delete`: inspects time-travel debugging checkpoints. */
export function checkpointsCommand(context: CommandContext): CommandModule {
  return {
    command: 'checkpoints',
    describe: 'List, show and delete debugging checkpoints',
    builder: (yargs: Argv) =>
      yargs
        .command(listCommand(context))
        .command(showCommand(context))
        .command(deleteCommand(context))
        .demandCommand(1, 'Choose list, show or delete.'),
    handler: () => undefined,
  };
}
