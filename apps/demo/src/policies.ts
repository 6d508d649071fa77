import type { PolicyFn } from '@clearstone/policy';
import {
  adminOnlyActionPolicy,
  blockDangerousToolsPolicy,
  modelHealthCheckPolicy,
  redactPiiPolicy,
  sessionCostLimitPolicy,
  tokenLimitPolicy,
} from '@clearstone/policy/builtins';
import { largePaymentApprovalPolicy, sqlGuardPolicy } from './custom-policies';

/** Prices of the demo's models, per million tokens (the offline model is priced like a mid-size hosted model). */
export const DEMO_PRICES = {
  'clearstone-demo-scripted': { inputPerMillion: 2.5, outputPerMillion: 10 },
};

/** The demo's policy set: prebuilt policies plus two of its own. */
export function buildPolicies(options: { ollama: boolean }): PolicyFn[] {
  return [
    ...(options.ollama ? [modelHealthCheckPolicy()] : []),
    blockDangerousToolsPolicy(),
    sqlGuardPolicy,
    adminOnlyActionPolicy({ requireAdminFor: ['admin_panel'] }),
    tokenLimitPolicy(),
    sessionCostLimitPolicy({ sessionCostLimit: 0.0015 }),
    largePaymentApprovalPolicy(1000),
    // Card numbers, SSNs and secrets never reach a tool or the model; email addresses may (they are how email works).
    redactPiiPolicy({ detectTypes: ['credit_card', 'ssn', 'iban', 'secret'] }),
  ];
}

/**
 * The offline demo's policies, for `clearstone backtest --policy apps/demo/src/policies.ts`: a
 * backtest of them over the demo's recording gives the demo's live decision counts.
 */
export default buildPolicies({ ollama: false });
