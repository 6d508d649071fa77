export {
  createAuditModePolicies,
  createCostControlPolicies,
  createDataProtectionPolicies,
  createLocalLlmPolicies,
  createSafeModePolicies,
  createSecurityPolicies,
} from './bundles';
export type {
  AuditModePoliciesOptions,
  CostControlPoliciesOptions,
  DataProtectionPoliciesOptions,
  LocalLlmPoliciesOptions,
  SafeModePoliciesOptions,
  SecurityPoliciesOptions,
} from './bundles';
