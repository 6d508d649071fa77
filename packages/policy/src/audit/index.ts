export { AuditTrail, type AuditTrailOptions } from './audit-trail';
export { AUDIT_CSV_COLUMNS, csvCell, entriesToCsv } from './csv';
export { AUDIT_LINK_FIELDS, GENESIS_HASH, canonicalEntry, chainHash, verifyAuditEntries } from './hash-chain';
export { verifyAuditFile } from './verify-audit-file';
export type { AuditEntry, AuditSummary, AuditVerification } from './types';
