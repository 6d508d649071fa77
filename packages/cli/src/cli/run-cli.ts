import type { Argv, CommandModule } from 'yargs';
import yargs from 'yargs/yargs';
import packageJson from '../../package.json';
import { auditCommand } from '../audit/audit-command';
import { backtestCommand } from '../backtest/backtest-command';
import { cassetteCommand } from '../cassette/cassette-command';
import { checkpointsCommand } from '../checkpoints/checkpoints-command';
import { doctorCommand } from '../doctor/doctor-command';
import { interventionsCommand } from '../interventions/interventions-command';
import { newPolicyCommand } from '../new-policy/new-policy-command';
import { telemetryCommand } from '../telemetry/telemetry-command';
import { tracesCommand } from '../traces/traces-command';
import { uiCommand } from '../ui/ui-command';
import type { CliIo } from './cli-io';
import { usageError } from './cli-error';
import { CommandContext } from './command-context';
import { reportError } from './report-error';

/** Version of the `clearstone` command. */
export const CLI_VERSION: string = packageJson.version;

/**
 * A top-level command. Each command module is typed with its own arguments, so they cannot share
 * one `CommandModule` type; this keeps what `runCli` needs of any of them.
 */
interface TopLevelCommand {
  /** The command's usage, e.g. `traces <command>`. */
  readonly command: CommandModule['command'];
  /** Registers the command module on `parser`. */
  addTo(parser: Argv): void;
}

function topLevel<Arguments>(module: CommandModule<object, Arguments>): TopLevelCommand {
  return {
    command: module.command,
    addTo: (parser) => {
      parser.command(module);
    },
  };
}

function commandModules(context: CommandContext): TopLevelCommand[] {
  return [
    topLevel(newPolicyCommand(context)),
    topLevel(tracesCommand(context)),
    topLevel(backtestCommand(context)),
    topLevel(auditCommand(context)),
    topLevel(cassetteCommand(context)),
    topLevel(checkpointsCommand(context)),
    topLevel(interventionsCommand(context)),
    topLevel(doctorCommand(context)),
    topLevel(telemetryCommand(context)),
    topLevel(uiCommand(context)),
  ];
}

/** Whether the run asked for JSON output (`--json`, `--format json` or `--format=json`), so errors are reported as JSON too. */
function wantsJson(argv: readonly string[]): boolean {
  return argv.some(
    (arg, index) => arg === '--json' || arg === '--format=json' || (arg === '--format' && argv[index + 1] === 'json'),
  );
}

/** Name of a top-level command, e.g. `traces`. */
function commandName(module: TopLevelCommand): string {
  return String(module.command).split(' ')[0];
}

function buildParser(context: CommandContext, modules: readonly TopLevelCommand[]) {
  const parser = yargs()
    .scriptName('clearstone')
    .usage('$0 <command> [options]\n\nGovernance, observability and testing for AI agents.')
    .exitProcess(false)
    .strict()
    .demandCommand(1, 'Choose a command.')
    .recommendCommands()
    .version(CLI_VERSION)
    .help()
    .alias('help', 'h')
    .wrap(Math.min(110, context.io.stdout.columns ?? 100))
    .fail((message, error) => {
      throw message ? usageError(message) : error;
    })
    .epilogue(
      'Exit codes: 0 success, 1 operational error, 2 usage error. Colour only on a terminal; NO_COLOR turns it off.',
    );
  for (const module of modules) module.addTo(parser);
  return parser;
}

/**
 * Runs the `clearstone` command line with `argv` (the arguments after the program name) and
 * returns the exit code: 0 on success, 1 for an operational error, 2 for a usage error. Output
 * goes to `io.stdout`/`io.stderr`; nothing calls `process.exit`.
 *
 * @example
 * ```ts
 * import { runCli } from '@clearstone/cli';
 *
 * const code = await runCli(['traces', 'list', '--db', 'traces.db', '--json']);
 * process.exitCode = code;
 * ```
 */
export async function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const context = new CommandContext({
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  });
  const modules = commandModules(context);
  const parser = buildParser(context, modules);
  if (argv.length === 0) {
    parser.showHelp((text) => context.warn(text));
    return 2;
  }
  try {
    await parser.parseAsync([...argv], {}, (_error, _args, output) => {
      if (output) context.print(output);
    });
    return context.exitCode;
  } catch (error) {
    const command = modules.map(commandName).find((name) => name === argv[0]);
    return reportError(context, error, {
      json: wantsJson(argv),
      helpCommand: command === undefined ? 'clearstone --help' : `clearstone ${command} --help`,
    });
  }
}
