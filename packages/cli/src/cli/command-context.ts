import { resolve } from 'node:path';
import type { CliIo } from './cli-io';
import { createColors, type Colors } from './colors';
import { toJsonText } from './json-output';

/** What a command handler works with: the run's streams, environment, working directory and colours. */
export class CommandContext {
  /** Colours for stdout. */
  readonly colors: Colors;
  /** Colours for stderr. */
  readonly errorColors: Colors;
  /** Exit code of the run when the command finishes without throwing (a command may set 1). */
  exitCode = 0;

  constructor(readonly io: CliIo) {
    this.colors = createColors(io.stdout, io.env);
    this.errorColors = createColors(io.stderr, io.env);
  }

  /** `path` resolved against the run's working directory. */
  resolvePath(path: string): string {
    return resolve(this.io.cwd, path);
  }

  /** Writes a line to stdout. */
  print(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** Writes a line to stderr. */
  warn(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  /** Writes `value` as JSON to stdout. */
  printJson(value: unknown): void {
    this.io.stdout.write(toJsonText(value));
  }
}
