export { AuditTrailError, type AuditTrailErrorCode } from './audit-trail-error';
export { InterventionError, type InterventionErrorCode } from './intervention-error';
export { PolicyEngineError, type PolicyEngineErrorCode } from './policy-engine-error';
export { SpendLedgerError, type SpendLedgerErrorCode } from './spend-ledger-error';
export { GovernanceStoreError, type GovernanceStoreErrorCode } from './governance-store-error';
