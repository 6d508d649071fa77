import { getTelemetryStatus } from '@clearstone/core';
import type { CommandModule } from 'yargs';
import type { CommandContext } from '../cli/command-context';
import { formatTable } from '../cli/format';
import {
  checkDatabaseWritable,
  checkNativeModule,
  checkNodeVersion,
  checkOllama,
  temporaryDirectory,
} from './doctor-checks';
import type { CheckResult } from './doctor-checks';

interface DoctorArguments {
  'ollama-url'?: string;
  json: boolean;
}

function ollamaUrl(context: CommandContext, option: string | undefined): string {
  if (option !== undefined) return option;
  const host = context.io.env.OLLAMA_HOST;
  if (host === undefined || host === '') return 'http://localhost:11434';
  return /^https?:\/\//.test(host) ? host : `http://${host}`;
}

/** `clearstone doctor`: checks the Node.js version, the native SQLite module, writable databases and Ollama. */
export function doctorCommand(context: CommandContext): CommandModule<object, DoctorArguments> {
  return {
    command: 'doctor',
    describe: 'Check that this machine can run Clearstone',
    builder: (yargs) =>
      yargs
        .option('ollama-url', {
          type: 'string',
          describe: 'Ollama base URL (default $OLLAMA_HOST or http://localhost:11434)',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print the checks as JSON' }),
    handler: async (args) => {
      const checks: CheckResult[] = [
        checkNodeVersion(),
        await checkNativeModule(),
        await checkDatabaseWritable('the current directory', context.io.cwd),
        await checkDatabaseWritable('the temporary directory', temporaryDirectory()),
        await checkOllama(ollamaUrl(context, args['ollama-url'])),
      ];
      const telemetry = getTelemetryStatus({ env: context.io.env });
      const ok = checks.every((check) => check.status !== 'fail');
      context.exitCode = ok ? 0 : 1;
      if (args.json) {
        context.printJson({ ok, checks, telemetry: { enabled: telemetry.enabled, sending: telemetry.sending } });
        return;
      }
      const { green, yellow, red } = context.colors;
      const mark = { ok: green('✓'), warn: yellow('!'), fail: red('✗') };
      context.print(formatTable(checks.map((check) => [mark[check.status], check.name, check.detail])));
      context.print(
        `${mark.ok} Telemetry: ${telemetry.enabled ? (telemetry.sending ? `enabled, sending to ${telemetry.endpoint}` : 'enabled, no endpoint (nothing sent)') : `disabled (${telemetry.disabledBy})`}`,
      );
      context.print(ok ? green('All required checks passed.') : red('Some required checks failed.'));
    },
  };
}
