export { AuditTrailError, type AuditTrailErrorCode } from './audit-trail-error';
export { PolicyEngineError, type PolicyEngineErrorCode } from './policy-engine-error';
