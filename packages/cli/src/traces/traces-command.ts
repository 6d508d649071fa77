import type { Argv, CommandModule } from 'yargs';
import type { CommandContext } from '../cli/command-context';
import { diffCommand } from './diff-command';
import { exportCommand } from './export-command';
import { listCommand } from './list-command';
import { pruneCommand } from './prune-command';
import { showCommand } from './show-command';

/** `clearstone traces list|show|diff|export|prune`. */
export function tracesCommand(context: CommandContext): CommandModule {
  return {
    command: 'traces',
    describe: 'List, show, compare, export and prune recorded traces',
    builder: (yargs: Argv) =>
      yargs
        .command(listCommand(context))
        .command(showCommand(context))
        .command(diffCommand(context))
        .command(exportCommand(context))
        .command(pruneCommand(context))
        .demandCommand(1, 'Choose list, show, diff, export or prune.'),
    handler: () => undefined,
  };
}
