/**
 * @clearstone/policy/builtins — the prebuilt policies, their bundles, local-LLM protection and a
 * PII detector. Every factory returns a new, unregistered policy: importing this module registers
 * nothing. Configuration comes from factory options; where a policy reads a key from
 * `ctx.metadata` (see the package README's table), the metadata value wins over the option.
 *
 * @example
 * ```ts
 * import { createContext } from '@clearstone/core';
 * import { PolicyEngine } from '@clearstone/policy';
 * import { blockDangerousToolsPolicy, tokenLimitPolicy } from '@clearstone/policy/builtins';
 *
 * const engine = new PolicyEngine({ policies: [blockDangerousToolsPolicy(), tokenLimitPolicy({ tokenLimit: 5000 })] });
 * const decision = await engine.evaluate(createContext({ userId: 'u1', agentId: 'bot', metadata: { toolName: 'DropTable' } }));
 * decision.reason; // "Dangerous tool blocked: 'DropTable'"
 * ```
 * @packageDocumentation
 */

// Cost and usage limits
export { budgetPolicy } from './cost/budget-policy';
export { utcDay } from './cost/budget-ledger';
export { dailyCostLimitPolicy } from './cost/daily-cost-limit-policy';
export { rateLimitPolicy } from './cost/rate-limit-policy';
export { requireApprovalForHighCostPolicy } from './cost/require-approval-for-high-cost-policy';
export { sessionCostLimitPolicy } from './cost/session-cost-limit-policy';
export { tokenLimitPolicy } from './cost/token-limit-policy';

// Access control
export { adminOnlyActionPolicy } from './access/admin-only-action-policy';
export { blockExternalApisPolicy } from './access/block-external-apis-policy';
export { blockPiiToolsPolicy } from './access/block-pii-tools-policy';
export { businessHoursOnlyPolicy } from './access/business-hours-only-policy';
export { rbacToolAccessPolicy } from './access/rbac-tool-access-policy';

// Tool safety and security alerts
export { alertOnFailedAuthPolicy } from './safety/alert-on-failed-auth-policy';
export { alertOnPrivilegedAccessPolicy } from './safety/alert-on-privileged-access-policy';
export { DEFAULT_DANGEROUS_TOOLS, blockDangerousToolsPolicy } from './safety/block-dangerous-tools-policy';
export { pauseBeforeWritePolicy } from './safety/pause-before-write-policy';
export { containsWordSequence, toolNameWords } from './safety/tool-name-words';

// Local LLM protection
export { LM_STUDIO_HEALTH_URL, OLLAMA_HEALTH_URL, probeModelServer } from './local-llm/health-probe';
export { modelHealthCheckPolicy } from './local-llm/model-health-check-policy';
export { systemLoadPolicy } from './local-llm/system-load-policy';
export {
  SystemLoadSampler,
  defaultSystemLoadSampler,
  readOsLoad,
  stopSystemLoadSampling,
} from './local-llm/system-load-sampler';

// PII detection and redaction
export {
  PII_GROUPS,
  PII_TYPES,
  detectPii,
  ibanChecksumValid,
  luhnValid,
  redact,
  redactPiiPolicy,
  redactValue,
  resolvePiiTypes,
} from './pii';

// Bundles
export {
  createAuditModePolicies,
  createCostControlPolicies,
  createDataProtectionPolicies,
  createLocalLlmPolicies,
  createSafeModePolicies,
  createSecurityPolicies,
} from './bundles';

// Types
export type { BudgetPeriod, BudgetPolicyOptions } from './cost/budget-policy';
export type { BudgetLedger, SpendEntry, SpendTotals } from './cost/budget-ledger';
export type { DailyCostLimitPolicyOptions } from './cost/daily-cost-limit-policy';
export type { RateLimitPolicyOptions, RateLimitScope } from './cost/rate-limit-policy';
export type { RequireApprovalForHighCostPolicyOptions } from './cost/require-approval-for-high-cost-policy';
export type { SessionCostLimitPolicyOptions } from './cost/session-cost-limit-policy';
export type { TokenLimitPolicyOptions } from './cost/token-limit-policy';
export type { AdminOnlyActionPolicyOptions } from './access/admin-only-action-policy';
export type { BlockExternalApisPolicyOptions } from './access/block-external-apis-policy';
export type { BlockPiiToolsPolicyOptions } from './access/block-pii-tools-policy';
export type { BusinessHoursOnlyPolicyOptions } from './access/business-hours-only-policy';
export type { RbacToolAccessPolicyOptions } from './access/rbac-tool-access-policy';
export type { AlertOnFailedAuthPolicyOptions } from './safety/alert-on-failed-auth-policy';
export type { AlertOnPrivilegedAccessPolicyOptions } from './safety/alert-on-privileged-access-policy';
export type { BlockDangerousToolsPolicyOptions } from './safety/block-dangerous-tools-policy';
export type { PauseBeforeWritePolicyOptions } from './safety/pause-before-write-policy';
export type { ModelHealthCheckPolicyOptions } from './local-llm/model-health-check-policy';
export type { SystemLoadPolicy, SystemLoadPolicyOptions } from './local-llm/system-load-policy';
export type { SystemLoad, SystemLoadSamplerOptions } from './local-llm/system-load-sampler';
export type {
  DetectPiiOptions,
  PiiFinding,
  PiiType,
  RedactOptions,
  RedactPiiPolicyOptions,
  RedactStyle,
  RedactValueOptions,
} from './pii';
export type {
  AuditModePoliciesOptions,
  CostControlPoliciesOptions,
  DataProtectionPoliciesOptions,
  LocalLlmPoliciesOptions,
  SafeModePoliciesOptions,
  SecurityPoliciesOptions,
} from './bundles';
