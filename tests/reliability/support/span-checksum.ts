import { createHash } from 'node:crypto';

/** The `check` attribute of spans written by the crash child: a digest of name, sequence and payload. */
export function spanChecksum(name: string, sequence: number, payload: string): string {
  return createHash('sha256').update(`${name}|${sequence}|${payload}`).digest('hex').slice(0, 16);
}
