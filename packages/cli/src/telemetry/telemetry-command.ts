import { getTelemetryStatus, setTelemetryEnabled } from '@clearstone/core';
import type { TelemetryStatus } from '@clearstone/core';
import type { Argv, CommandModule } from 'yargs';
import type { CommandContext } from '../cli/command-context';

interface TelemetryArguments {
  json: boolean;
}

const OPT_OUT_TEXT: Record<string, string> = {
  CLEARSTONE_TELEMETRY_DISABLED: 'CLEARSTONE_TELEMETRY_DISABLED is set',
  DO_NOT_TRACK: 'DO_NOT_TRACK is set',
  CI: 'running under CI',
  config: 'disabled in the config file',
  'config-invalid': 'the config file is not valid JSON (fix or remove it)',
};

function printStatus(context: CommandContext, status: TelemetryStatus, json: boolean): void {
  if (json) {
    context.printJson(status);
    return;
  }
  const { green, yellow, dim } = context.colors;
  if (!status.enabled)
    context.print(`Telemetry: ${yellow('disabled')} (${OPT_OUT_TEXT[status.disabledBy ?? 'config']})`);
  else if (!status.sending)
    context.print(`Telemetry: ${green('enabled')}, but no endpoint is configured, so nothing is sent`);
  else context.print(`Telemetry: ${green('enabled')}, sending to ${status.endpoint}`);
  context.print(dim(`Config file: ${status.configPath}`));
}

function subcommand(
  context: CommandContext,
  name: string,
  describe: string,
  enabled: boolean | undefined,
): CommandModule<object, TelemetryArguments> {
  return {
    command: name,
    describe,
    builder: (yargs) => yargs.option('json', { type: 'boolean', default: false, describe: 'Print the status as JSON' }),
    handler: (args) => {
      const location = { env: context.io.env };
      const status = enabled === undefined ? getTelemetryStatus(location) : setTelemetryEnabled(enabled, location);
      printStatus(context, status, args.json);
      if (enabled === true && !status.enabled && !args.json) {
        context.warn(
          context.errorColors.yellow(
            `Saved, but telemetry stays off here: ${OPT_OUT_TEXT[status.disabledBy ?? 'config']}.`,
          ),
        );
      }
    },
  };
}

/** `clearstone telemetry status|enable|disable`: shows or changes the anonymous usage telemetry setting. */
export function telemetryCommand(context: CommandContext): CommandModule {
  return {
    command: 'telemetry',
    describe: 'Show or change anonymous usage telemetry',
    builder: (yargs: Argv) =>
      yargs
        .command(subcommand(context, 'status', 'Show whether telemetry is on, and why', undefined))
        .command(subcommand(context, 'enable', 'Turn telemetry on (in the config file)', true))
        .command(subcommand(context, 'disable', 'Turn telemetry off (in the config file)', false))
        .demandCommand(1, 'Choose status, enable or disable.'),
    handler: () => undefined,
  };
}
