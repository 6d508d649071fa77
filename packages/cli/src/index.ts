/**
 * @clearstone/cli — the `clearstone` command: scaffold policies, inspect and export traces,
 * backtest policies on recorded traces, verify audit trails, and manage checkpoints,
 * interventions and telemetry. `runCli` runs it in-process.
 *
 * @example
 * ```ts
 * import { runCli } from '@clearstone/cli';
 *
 * const exitCode = await runCli(['new-policy', 'enforce_data_locality', '--priority=80']);
 * ```
 * @packageDocumentation
 */

// Running the command line
export { CLI_VERSION, runCli } from './cli/run-cli';

// Errors
export { CliError } from './cli/cli-error';

// Types
export type { CliEnvironment, CliIo, OutputStream } from './cli/cli-io';
export type { CliExitCode } from './cli/cli-error';
