import { ClearstoneError } from '@clearstone/core';

const marker = 'clearstone.error.CliError';
const symbol = Symbol.for(marker);

/** Exit status of a failed command: 1 for an operational error, 2 for a usage error. */
export type CliExitCode = 1 | 2;

/**
 * An error a `clearstone` command reports to the user: its message is printed on stderr and the
 * process exits with `exitCode`. Codes are stable (e.g. `'INVALID_POLICY_NAME'`, `'FILE_EXISTS'`).
 */
export class CliError extends ClearstoneError {
  protected readonly [symbol] = true;

  /** 2 for bad arguments, 1 for anything that went wrong while running the command. */
  readonly exitCode: CliExitCode;

  constructor({
    message,
    code,
    exitCode = 1,
    cause,
  }: {
    message: string;
    code: string;
    exitCode?: CliExitCode;
    cause?: unknown;
  }) {
    super({ message, code, cause });
    this.name = 'CliError';
    this.exitCode = exitCode;
  }

  /** True only for CliError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is CliError {
    return ClearstoneError.hasMarker(error, marker);
  }
}

/** A usage error (exit code 2): a bad argument value or combination. */
export function usageError(message: string, code = 'USAGE_ERROR'): CliError {
  return new CliError({ message, code, exitCode: 2 });
}
