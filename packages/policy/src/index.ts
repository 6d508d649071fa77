/**
 * @clearstone/policy — policy-as-code for AI agents: define policies, evaluate them with the
 * engine, and audit, measure, validate, debug and approve their decisions.
 *
 * @example
 * ```ts
 * import { ALLOW, BLOCK, createContext } from '@clearstone/core';
 * import { PolicyEngine, definePolicy } from '@clearstone/policy';
 *
 * const noGuests = definePolicy({ name: 'no_guests', priority: 10 }, (ctx) =>
 *   ctx.metadata.role === 'guest' ? BLOCK('Guests are read-only') : ALLOW);
 * const engine = new PolicyEngine({ policies: [noGuests] });
 * engine.evaluateSync(createContext({ userId: 'u1', agentId: 'bot', metadata: { role: 'guest' } })).action; // 'block'
 * ```
 * @packageDocumentation
 */

// Defining and registering policies
export { Policy } from './policy/policy';
export { definePolicy, normalizePolicyInfo } from './policy/define-policy';
export { policyName, resolvePolicyInfo } from './policy/resolve-policy-info';
export { PolicyRegistry, defaultRegistry } from './registry';

// Engine
export { PolicyEngine, isAsyncPolicyBlock } from './engine';

// Composition
export { composeAnd, composeOr } from './composition';

// Metrics
export { PolicyMetrics } from './metrics';

// Audit trail
export {
  AUDIT_CSV_COLUMNS,
  AUDIT_LINK_FIELDS,
  AuditTrail,
  GENESIS_HASH,
  verifyAuditEntries,
  verifyAuditFile,
} from './audit';

// Validator
export { PolicyValidationError, PolicyValidator } from './validator';

// Debugger
export { PolicyDebugger, formatTrace } from './debugger';

// Human-in-the-loop interventions
export {
  FileInterventionStore,
  InterventionClient,
  MemoryInterventionStore,
  actionFingerprint,
  defaultInterventionDirectory,
} from './intervention';

// Governance state shared by processes and machines
export { GovernanceStoreChecks, MemoryGovernanceStore, SqliteGovernanceStore } from './governance';

// Errors
export {
  AuditTrailError,
  GovernanceStoreError,
  InterventionError,
  PolicyEngineError,
  SpendLedgerError,
} from './errors';

// Types
export type { PolicyInit, PolicyMethodDecorator } from './policy/policy';
export type { PolicyInfoInit } from './policy/define-policy';
export type { PolicyFn, PolicyInfo, RegisteredPolicy } from './policy/types';
export type { AlertRecord, EvaluationResult, PolicyEngineOptions, PolicyEvaluation } from './engine';
export type { PolicyCounters, PolicyStats } from './metrics';
export type { AuditEntry, AuditSummary, AuditTrailOptions, AuditVerification } from './audit';
export type { TraceEntry, TraceResult } from './debugger';
export type {
  Awaitable,
  CheckedSpend,
  GovernanceStore,
  OnStoreError,
  RateSlot,
  RateSlotRequest,
  SqliteGovernanceStoreOptions,
  StoreResult,
  SyncGovernanceStore,
} from './governance';
export type {
  InterventionClientOptions,
  InterventionResult,
  InterventionStorage,
  InterventionRecord,
  InterventionStatus,
  InterventionStore,
  PromptInput,
  PromptOutput,
  WaitForApprovalOptions,
} from './intervention';
export type {
  AuditTrailErrorCode,
  GovernanceStoreErrorCode,
  InterventionErrorCode,
  PolicyEngineErrorCode,
  SpendLedgerErrorCode,
} from './errors';

// Built-in policies are a separate entry point: '@clearstone/policy/builtins' (src/builtins/index.ts).
