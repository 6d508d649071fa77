import type { Argv, CommandModule } from 'yargs';
import type { CommandContext } from '../cli/command-context';
import { fromTraceCommand } from './from-trace-command';

/** `clearstone cassette from-trace`. */
export function cassetteCommand(context: CommandContext): CommandModule {
  return {
    command: 'cassette',
    describe: 'Build cassettes (recorded model and tool calls replayed in tests) from traces',
    builder: (yargs: Argv) => yargs.command(fromTraceCommand(context)).demandCommand(1, 'Choose from-trace.'),
    handler: () => undefined,
  };
}
