import type { CliEnvironment, OutputStream } from './cli-io';

/** ANSI styling functions; each returns its input unchanged when colour is off. */
export interface Colors {
  readonly enabled: boolean;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

function style(enabled: boolean, open: number, close: number): (text: string) => string {
  return enabled ? (text) => `\u001b[${open}m${text}\u001b[${close}m` : (text) => text;
}

/**
 * Whether to colour output written to `stream`: only on a terminal, never when `NO_COLOR` is set
 * (to anything but the empty string) or `TERM=dumb`; `FORCE_COLOR` (not `0`) turns it on elsewhere.
 */
export function colorEnabled(stream: OutputStream, env: CliEnvironment): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Colour functions for one output stream. */
export function createColors(stream: OutputStream, env: CliEnvironment): Colors {
  const enabled = colorEnabled(stream, env);
  return {
    enabled,
    red: style(enabled, 31, 39),
    green: style(enabled, 32, 39),
    yellow: style(enabled, 33, 39),
    cyan: style(enabled, 36, 39),
    dim: style(enabled, 2, 22),
    bold: style(enabled, 1, 22),
  };
}
