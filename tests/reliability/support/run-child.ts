import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import path from 'node:path';

/** Root of the monorepo (children run from there so that `--import tsx` resolves). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

const TSCONFIG = path.join(REPO_ROOT, 'tests/reliability/tsconfig.json');

/** Absolute path of a script in `tests/reliability/children/`. */
export function childScript(name: string): string {
  return path.join(REPO_ROOT, 'tests/reliability/children', name);
}

/** A running child script: its process, every complete stdout line so far, and its stderr text. */
export interface RunningChild {
  readonly process: ChildProcess;
  readonly lines: string[];
  stderr: string;
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  readonly exited: Promise<number | string>;
  /** Resolves when a stdout line satisfies `predicate`. */
  waitForLine(predicate: (line: string) => boolean): Promise<string>;
}

/** Spawn options of a child script, plus `wrapper`: a command that runs it (`['setpriv', …]`). */
export interface ChildOptions extends SpawnOptions {
  /** Command and arguments put in front of `node …`, e.g. to change the child's capabilities or limits. */
  wrapper?: readonly string[];
}

/**
 * Starts `tests/reliability/children/<name>` with tsx, resolving `@clearstone/*` to the package
 * sources (the paths of this project's tsconfig), with telemetry disabled.
 */
export function startChild(name: string, args: readonly string[] = [], options: ChildOptions = {}): RunningChild {
  const { wrapper = [], ...spawnOptions } = options;
  const command = [...wrapper, process.execPath, '--import', 'tsx', childScript(name), ...args];
  const child = spawn(command[0], command.slice(1), {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...spawnOptions,
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: TSCONFIG,
      CLEARSTONE_TELEMETRY_DISABLED: '1',
      NODE_OPTIONS: '',
      ...spawnOptions.env,
    },
  });
  const lines: string[] = [];
  const waiters: Array<{ predicate: (line: string) => boolean; resolve: (line: string) => void }> = [];
  let partial = '';
  const running: RunningChild = {
    process: child,
    lines,
    stderr: '',
    exited: new Promise((resolve) => {
      child.on('exit', (code, signal) => resolve(signal ?? code ?? -1));
      // A wrapper that cannot be started (ENOENT) emits 'error' and no 'exit'.
      child.on('error', (error) => {
        running.stderr += `${String(error)}\n`;
        resolve(-1);
      });
    }),
    waitForLine(predicate) {
      const seen = lines.find(predicate);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ predicate, resolve });
        void running.exited.then((status) =>
          reject(
            new Error(`child ${name} exited (${String(status)}) before the expected line; stderr:\n${running.stderr}`),
          ),
        );
      });
    },
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters.splice(0)) {
        if (waiter.predicate(line)) waiter.resolve(line);
        else waiters.push(waiter);
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    running.stderr += chunk;
  });
  return running;
}

/** Runs a child script to completion and returns its stdout lines, stderr and exit status. */
export async function runChild(
  name: string,
  args: readonly string[] = [],
  options: ChildOptions = {},
): Promise<{ lines: string[]; stderr: string; status: number | string }> {
  const child = startChild(name, args, options);
  const status = await child.exited;
  // 'exit' can precede the last 'data' events of the pipes.
  await new Promise((resolve) => setImmediate(resolve));
  return { lines: child.lines, stderr: child.stderr, status };
}

/** The last stdout line that parses as a JSON object with `type === kind`. */
export function lastJson<T>(lines: readonly string[], kind: string): T | undefined {
  for (let index = lines.length - 1; index >= 0; index--) {
    try {
      const value = JSON.parse(lines[index]) as { type?: string };
      if (value?.type === kind) return value as T;
    } catch {
      // not a JSON line
    }
  }
  return undefined;
}
