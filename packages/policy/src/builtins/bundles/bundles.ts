import type { RegisteredPolicy } from '../../policy/types';
import { adminOnlyActionPolicy, type AdminOnlyActionPolicyOptions } from '../access/admin-only-action-policy';
import { blockPiiToolsPolicy, type BlockPiiToolsPolicyOptions } from '../access/block-pii-tools-policy';
import { rbacToolAccessPolicy, type RbacToolAccessPolicyOptions } from '../access/rbac-tool-access-policy';
import { dailyCostLimitPolicy, type DailyCostLimitPolicyOptions } from '../cost/daily-cost-limit-policy';
import { rateLimitPolicy, type RateLimitPolicyOptions } from '../cost/rate-limit-policy';
import {
  requireApprovalForHighCostPolicy,
  type RequireApprovalForHighCostPolicyOptions,
} from '../cost/require-approval-for-high-cost-policy';
import { sessionCostLimitPolicy, type SessionCostLimitPolicyOptions } from '../cost/session-cost-limit-policy';
import { tokenLimitPolicy, type TokenLimitPolicyOptions } from '../cost/token-limit-policy';
import { modelHealthCheckPolicy, type ModelHealthCheckPolicyOptions } from '../local-llm/model-health-check-policy';
import { systemLoadPolicy, type SystemLoadPolicyOptions } from '../local-llm/system-load-policy';
import { redactPiiPolicy, type RedactPiiPolicyOptions } from '../pii/redact-pii-policy';
import { alertOnFailedAuthPolicy, type AlertOnFailedAuthPolicyOptions } from '../safety/alert-on-failed-auth-policy';
import {
  alertOnPrivilegedAccessPolicy,
  type AlertOnPrivilegedAccessPolicyOptions,
} from '../safety/alert-on-privileged-access-policy';
import {
  blockDangerousToolsPolicy,
  type BlockDangerousToolsPolicyOptions,
} from '../safety/block-dangerous-tools-policy';
import { pauseBeforeWritePolicy, type PauseBeforeWritePolicyOptions } from '../safety/pause-before-write-policy';

// Each bundle passes its options object to every member; each member reads only its own keys.

/** Options of {@link createSafeModePolicies}. */
export type SafeModePoliciesOptions = BlockDangerousToolsPolicyOptions &
  PauseBeforeWritePolicyOptions &
  TokenLimitPolicyOptions &
  AlertOnPrivilegedAccessPolicyOptions;

/**
 * New instances of block_dangerous_tools, pause_before_write, token_limit and
 * alert_on_privileged_access, in that order.
 *
 * @example
 * ```ts
 * const engine = new PolicyEngine({ policies: createSafeModePolicies({ tokenLimit: 20_000, requirePauseFor: ['write', 'delete'] }) });
 * ```
 */
export function createSafeModePolicies(options: SafeModePoliciesOptions = {}): RegisteredPolicy[] {
  return [
    blockDangerousToolsPolicy(options),
    pauseBeforeWritePolicy(options),
    tokenLimitPolicy(options),
    alertOnPrivilegedAccessPolicy(options),
  ];
}

/** Options of {@link createAuditModePolicies}. */
export type AuditModePoliciesOptions = AlertOnPrivilegedAccessPolicyOptions &
  AlertOnFailedAuthPolicyOptions &
  RbacToolAccessPolicyOptions &
  RateLimitPolicyOptions;

/** New instances of alert_on_privileged_access, alert_on_failed_auth, rbac_tool_access and rate_limit. */
export function createAuditModePolicies(options: AuditModePoliciesOptions = {}): RegisteredPolicy[] {
  return [
    alertOnPrivilegedAccessPolicy(options),
    alertOnFailedAuthPolicy(options),
    rbacToolAccessPolicy(options),
    rateLimitPolicy(options),
  ];
}

/** Options of {@link createCostControlPolicies}. */
export type CostControlPoliciesOptions = TokenLimitPolicyOptions &
  SessionCostLimitPolicyOptions &
  DailyCostLimitPolicyOptions &
  RequireApprovalForHighCostPolicyOptions;

/** New instances of token_limit, session_cost_limit, daily_cost_limit and require_approval_for_high_cost. */
export function createCostControlPolicies(options: CostControlPoliciesOptions = {}): RegisteredPolicy[] {
  return [
    tokenLimitPolicy(options),
    sessionCostLimitPolicy(options),
    dailyCostLimitPolicy(options),
    requireApprovalForHighCostPolicy(options),
  ];
}

/** Options of {@link createSecurityPolicies}. */
export type SecurityPoliciesOptions = RbacToolAccessPolicyOptions &
  AdminOnlyActionPolicyOptions &
  BlockPiiToolsPolicyOptions &
  AlertOnFailedAuthPolicyOptions &
  AlertOnPrivilegedAccessPolicyOptions &
  BlockDangerousToolsPolicyOptions;

/**
 * New instances of rbac_tool_access, admin_only_action, block_pii_tools, alert_on_failed_auth,
 * alert_on_privileged_access and block_dangerous_tools.
 */
export function createSecurityPolicies(options: SecurityPoliciesOptions = {}): RegisteredPolicy[] {
  return [
    rbacToolAccessPolicy(options),
    adminOnlyActionPolicy(options),
    blockPiiToolsPolicy(options),
    alertOnFailedAuthPolicy(options),
    alertOnPrivilegedAccessPolicy(options),
    blockDangerousToolsPolicy(options),
  ];
}

/** Options of {@link createDataProtectionPolicies}. */
export type DataProtectionPoliciesOptions = RedactPiiPolicyOptions &
  BlockPiiToolsPolicyOptions &
  AdminOnlyActionPolicyOptions;

/** New instances of redact_pii, block_pii_tools and admin_only_action. */
export function createDataProtectionPolicies(options: DataProtectionPoliciesOptions = {}): RegisteredPolicy[] {
  return [redactPiiPolicy(options), blockPiiToolsPolicy(options), adminOnlyActionPolicy(options)];
}

/** Options of {@link createLocalLlmPolicies}. */
export type LocalLlmPoliciesOptions = SystemLoadPolicyOptions &
  ModelHealthCheckPolicyOptions &
  TokenLimitPolicyOptions &
  RateLimitPolicyOptions;

/**
 * Protection for agents running on a local model server (Ollama, LM Studio, llama.cpp): new
 * instances of system_load_protection (200), local_model_health_check (190, async — use
 * `engine.evaluate()`), token_limit (100) and rate_limit (95). Call `dispose()` on the first
 * policy (the system-load one) or {@link stopSystemLoadSampling} when done.
 *
 * @example
 * ```ts
 * const engine = new PolicyEngine({ policies: createLocalLlmPolicies({ localModelHealthUrl: 'http://localhost:1234/v1/models' }) });
 * const decision = await engine.evaluate(createContext({ userId: 'me', agentId: 'local-agent' }));
 * ```
 */
export function createLocalLlmPolicies(options: LocalLlmPoliciesOptions = {}): RegisteredPolicy[] {
  return [
    systemLoadPolicy(options),
    modelHealthCheckPolicy(options),
    tokenLimitPolicy(options),
    rateLimitPolicy(options),
  ];
}
