import { ClearstoneError } from '@clearstone/core';
import { CliError } from './cli-error';
import type { CommandContext } from './command-context';
import { toJsonText } from './json-output';

/**
 * Prints a failed run's error on stderr — as `{ "error": { code, message } }` when `--json` was
 * asked for, else with a pointer to `helpCommand` for usage errors — and returns the exit code:
 * the CliError's own, 1 for any other error.
 */
export function reportError(
  context: CommandContext,
  error: unknown,
  options: { json: boolean; helpCommand: string },
): number {
  const exitCode = CliError.isInstance(error) ? error.exitCode : 1;
  const code = ClearstoneError.isInstance(error) ? error.code : 'UNEXPECTED_ERROR';
  const message = error instanceof Error ? error.message : String(error);
  if (options.json) {
    context.io.stderr.write(toJsonText({ error: { code, message } }));
  } else {
    const label = ClearstoneError.isInstance(error) ? 'Error' : 'Unexpected error';
    context.warn(context.errorColors.red(`${label}: ${message}`));
    if (exitCode === 2) context.warn(context.errorColors.dim(`Run '${options.helpCommand}' for usage.`));
    if (!ClearstoneError.isInstance(error) && context.io.env.CLEARSTONE_DEBUG && error instanceof Error && error.stack)
      context.warn(error.stack);
  }
  return exitCode;
}
