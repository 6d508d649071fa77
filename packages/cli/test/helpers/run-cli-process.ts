import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The built command the tests run. */
export const BIN = resolve(__dirname, '../../dist/bin.js');

/** Result of one run of the built CLI. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Fails with a clear message when the CLI has not been built. Call from `beforeAll`. */
export function requireBuiltCli(): void {
  if (!existsSync(BIN)) {
    throw new Error(
      `${BIN} is missing: build the CLI and the packages it uses first (tsup in packages/core, policy, observability, testing, debugging and cli, or the workspace build).`,
    );
  }
}

/** A fresh temporary directory (real path, so symlink checks compare like with like). */
export function temporaryDirectory(prefix = 'clearstone-cli-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/**
 * The environment of a test run: the current one without CI/telemetry/colour settings that would
 * change behaviour, telemetry off, and a private CLEARSTONE_HOME.
 */
export function baseEnvironment(home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'CI',
    'DO_NOT_TRACK',
    'CLEARSTONE_TELEMETRY_DISABLED',
    'CLEARSTONE_TELEMETRY_ENDPOINT',
    'FORCE_COLOR',
    'NO_COLOR',
    'CLEARSTONE_INTERVENTIONS_DIR',
    'OLLAMA_HOST',
  ])
    delete env[name];
  Object.assign(env, { CLEARSTONE_TELEMETRY_DISABLED: '1', CLEARSTONE_HOME: join(home, '.clearstone') }, extra);
  for (const [name, value] of Object.entries(extra)) if (value === undefined) delete env[name];
  return env;
}

/** Runs `node dist/bin.js …args` in `cwd` and collects its exit code and output. */
export function runCliProcess(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd, env: options.env ?? baseEnvironment(options.cwd), maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

/** A CLI runner bound to one working directory and environment. */
export function cliIn(
  cwd: string,
  env: NodeJS.ProcessEnv = baseEnvironment(cwd),
): (...args: string[]) => Promise<CliRun> {
  return (...args) => runCliProcess(args, { cwd, env });
}
