import { createInterface } from 'node:readline';

/**
 * Where a terminal prompt reads its answer: `process.stdin` or any other Node.js readable stream.
 * Only the members the prompt relies on are named, so these types need no `@types/node`.
 */
export interface PromptInput {
  /** True when the stream is a terminal (`process.stdin.isTTY`). */
  readonly isTTY?: boolean;
  /** Adds an event listener (Node.js `EventEmitter.on`). */
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  /** Removes an event listener (Node.js `EventEmitter.removeListener`). */
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
  /** Stops emitting data until `resume` is called. */
  pause(): unknown;
  /** Starts emitting data again. */
  resume(): unknown;
}

/**
 * Where a terminal prompt writes its question: `process.stdout` or any other Node.js writable
 * stream. Only the member the prompt relies on is named, so these types need no `@types/node`.
 */
export interface PromptOutput {
  /** Writes text as it is. */
  write(text: string): unknown;
}

/** A question asked on a terminal; `answer` is true for "y"/"yes", false for anything else or end of input. */
export interface TerminalQuestion {
  readonly answer: Promise<boolean>;
  /** Stops waiting for an answer (the answer then resolves false). */
  cancel(): void;
}

/** Asks `question` on `input`/`output` and reads one line. */
export function askTerminal(question: string, input: PromptInput, output: PromptOutput): TerminalQuestion {
  // Node.js streams are what the types above describe; readline wants them by their full type.
  const readline = createInterface({
    input: input as NodeJS.ReadableStream,
    output: output as NodeJS.WritableStream,
    terminal: false,
  });
  let settle: (approved: boolean) => void = () => undefined;
  const answer = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  let answered = false;
  readline.on('close', () => {
    if (!answered) settle(false);
  });
  output.write(question);
  readline.once('line', (line) => {
    answered = true;
    settle(/^(y|yes)$/i.test(line.trim()));
    readline.close();
  });
  return { answer, cancel: () => readline.close() };
}
