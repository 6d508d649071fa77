import { readFileSync } from 'node:fs';
import { AuditTrailError } from '../errors/audit-trail-error';
import { verifyAuditEntries } from './hash-chain';
import type { AuditEntry, AuditVerification } from './types';

/**
 * Checks the hash chain of an audit file: the JSONL sink of an {@link AuditTrail} or a JSON
 * array written by `toJSON`. Reports the first entry (0-based line/element index) that was
 * altered, removed, reordered or cannot be parsed. An incomplete last line (a write cut short by a
 * crash) after entries that all verify is reported with `tornTail: true`, distinct from tampering;
 * the result is still not `ok`.
 *
 * @param options.requireGenesis - the first entry must start a chain (default true; pass false
 * for an export of a trail that had already dropped older entries).
 * @throws AuditTrailError `'AUDIT_FILE_UNREADABLE'` when the file cannot be read.
 * @example
 * ```ts
 * const result = verifyAuditFile('audit/decisions.jsonl');
 * if (!result.ok) console.error(`tampered at entry ${result.firstInvalidIndex}: ${result.reason}`);
 * ```
 */
export function verifyAuditFile(path: string, options: { requireGenesis?: boolean } = {}): AuditVerification {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AuditTrailError({
      code: 'AUDIT_FILE_UNREADABLE',
      path,
      message: `Cannot read audit file ${path}: ${String(error)}`,
      cause: error,
    });
  }
  if (text.trimStart().startsWith('[')) {
    try {
      return verifyAuditEntries(JSON.parse(text) as AuditEntry[], options);
    } catch {
      return { ok: false, checked: 0, firstInvalidIndex: 0, reason: 'the file is not a valid JSON array' };
    }
  }
  const entries: AuditEntry[] = [];
  const terminated = text.endsWith('\n');
  const lines = text.split('\n');
  if (terminated) lines.pop();
  for (let index = 0; index < lines.length; index++) {
    try {
      entries.push(JSON.parse(lines[index]) as AuditEntry);
    } catch {
      const before = verifyAuditEntries(entries, options);
      if (!before.ok) return before;
      if (!terminated && index === lines.length - 1) {
        return {
          ok: false,
          checked: index + 1,
          firstInvalidIndex: index,
          reason: `line ${index + 1} is incomplete (a write cut short, e.g. by a crash); the ${index} entries before it verify`,
          tornTail: true,
        };
      }
      return { ok: false, checked: index + 1, firstInvalidIndex: index, reason: `line ${index + 1} is not valid JSON` };
    }
  }
  return verifyAuditEntries(entries, options);
}
