/** Something text is written to: `process.stdout`, a test buffer, … */
export interface OutputStream {
  /** Writes text as it is (no newline is added). */
  write(text: string): unknown;
  /** True when the stream is a terminal (enables colour and progress bars). */
  isTTY?: boolean;
  /** Terminal width, when known. */
  columns?: number;
}

/** Environment variables as the CLI reads them. */
export type CliEnvironment = Readonly<Record<string, string | undefined>>;

/** The process facilities a CLI run uses; `runCli` defaults each to the current process's. */
export interface CliIo {
  /** Where command output goes. */
  stdout: OutputStream;
  /** Where errors and warnings go. */
  stderr: OutputStream;
  /** Environment variables, e.g. `NO_COLOR` and `CLEARSTONE_INTERVENTIONS_DIR`. */
  env: CliEnvironment;
  /** Directory relative paths are resolved against, and the project root for `new-policy`. */
  cwd: string;
  /** Stops long-running commands (`clearstone ui`) when aborted; they also stop on SIGINT/SIGTERM. */
  signal?: AbortSignal;
}
