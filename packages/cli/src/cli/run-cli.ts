import type { CommandModule } from 'yargs';
import yargs from 'yargs/yargs';
import packageJson from '../../package.json';
import { auditCommand } from '../audit/audit-command';
import { backtestCommand } from '../backtest/backtest-command';
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

function commandModules(context: CommandContext): CommandModule<object, any>[] {
  return [
    newPolicyCommand(context),
    tracesCommand(context),
    backtestCommand(context),
    auditCommand(context),
    checkpointsCommand(context),
    interventionsCommand(context),
    doctorCommand(context),
    telemetryCommand(context),
    uiCommand(context),
  ];
}

/** Name of a top-level command, e.g. `traces`. */
function commandName(module: CommandModule<object, any>): string {
  return String(module.command).split(' ')[0];
}

function buildParser(context: CommandContext, modules: CommandModule<object, any>[]) {
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
  for (const module of modules) parser.command(module);
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
      json: argv.includes('--json'),
      helpCommand: command === undefined ? 'clearstone --help' : `clearstone ${command} --help`,
    });
  }
}
