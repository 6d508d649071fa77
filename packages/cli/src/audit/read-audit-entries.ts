import { readFileSync } from 'node:fs';
import type { AuditEntry } from '@clearstone/policy';
import { CliError } from '../cli/cli-error';

/**
 * Reads the entries of an audit file: the JSONL sink of an `AuditTrail` (one entry per line) or a
 * JSON array written by `toJSON`.
 *
 * @throws CliError `'AUDIT_FILE_UNREADABLE'` or `'AUDIT_FILE_INVALID'` (exit code 1) naming the file and line.
 */
export function readAuditEntries(path: string): AuditEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError({
      code: 'AUDIT_FILE_UNREADABLE',
      message: `Cannot read audit file ${path}: ${(error as Error).message}`,
      cause: error,
    });
  }
  if (text.trimStart().startsWith('[')) {
    try {
      return JSON.parse(text) as AuditEntry[];
    } catch (error) {
      throw new CliError({
        code: 'AUDIT_FILE_INVALID',
        message: `${path} is not a valid JSON array of audit entries: ${(error as Error).message}`,
        cause: error,
      });
    }
  }
  const entries: AuditEntry[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      entries.push(JSON.parse(line) as AuditEntry);
    } catch {
      throw new CliError({
        code: 'AUDIT_FILE_INVALID',
        message: `${path} line ${index + 1} is not valid JSON; is this an audit trail's JSONL file?`,
      });
    }
  });
  return entries;
}
