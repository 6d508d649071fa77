import type { AuditEntry } from '@clearstone/policy';

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const text = String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Audit entries as RFC 4180 CSV in the column order of `AuditTrail.toCSV` (`AUDIT_CSV_COLUMNS`:
 * header row, CRLF line ends); text a spreadsheet would run as a formula gets a leading `'`.
 */
export function auditEntriesToCsv(entries: readonly AuditEntry[], columns: readonly (keyof AuditEntry)[]): string {
  const lines = [columns.join(',')];
  for (const entry of entries) lines.push(columns.map((column) => cell(entry[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
