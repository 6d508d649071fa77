import { createInterface } from 'node:readline';

/** A question asked on a terminal; `answer` is true for "y"/"yes", false for anything else or end of input. */
export interface TerminalQuestion {
  readonly answer: Promise<boolean>;
  /** Stops waiting for an answer (the answer then resolves false). */
  cancel(): void;
}

/** Asks `question` on `input`/`output` and reads one line. */
export function askTerminal(
  question: string,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): TerminalQuestion {
  const readline = createInterface({ input, output, terminal: false });
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
