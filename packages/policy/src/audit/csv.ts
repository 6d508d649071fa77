import type { AuditEntry } from './types';

/** Column order of {@link AuditTrail.toCSV}. */
export const AUDIT_CSV_COLUMNS = [
  'timestamp',
  'policyName',
  'decision',
  'reason',
  'userId',
  'agentId',
  'sessionId',
  'requestId',
  'error',
  'traceId',
  'spanId',
  'eventType',
  'toolName',
  'model',
  'previousHash',
  'hash',
] as const satisfies ReadonlyArray<keyof AuditEntry>;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: neutralises text a spreadsheet would run as a formula (a leading `'` before
 * `= + - @`, tab or carriage return) and quotes per RFC 4180 when needed.
 */
export function csvCell(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The entries as RFC 4180 CSV text: a header row, CRLF line ends. */
export function entriesToCsv(entries: readonly AuditEntry[]): string {
  const lines = [AUDIT_CSV_COLUMNS.join(',')];
  for (const entry of entries) lines.push(AUDIT_CSV_COLUMNS.map((column) => csvCell(entry[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
