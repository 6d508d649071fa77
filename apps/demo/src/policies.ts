import type { PolicyFn } from '@clearstone/policy';
import {
  adminOnlyActionPolicy,
  blockDangerousToolsPolicy,
  budgetPolicy,
  modelHealthCheckPolicy,
  redactPiiPolicy,
  sessionCostLimitPolicy,
  tokenLimitPolicy,
} from '@clearstone/policy/builtins';
import type { BudgetLedger } from '@clearstone/policy/builtins';
import { largePaymentApprovalPolicy, sqlGuardPolicy } from './custom-policies';

/**
 * Prices of the demo's models, per million tokens (the offline model is priced like a mid-size
 * hosted model). Hosted models need none: `DEFAULT_PRICES` of `@clearstone/core` prices them, and
 * local Ollama models cost nothing.
 */
export const DEMO_PRICES = {
  'clearstone-demo-scripted': { inputPerMillion: 2.5, outputPerMillion: 10 },
};

/** What each user may spend per UTC day, in US dollars (alice spends it in the last scenario). */
export const DAILY_BUDGET_USD = 0.0075;

/**
 * The demo's policy set: prebuilt policies plus two of its own. `ledger` is where the daily budget
 * reads what a user spent when the context does not say; the middleware puts it in every
 * context from the same ledger, so a backtest (without a ledger) decides on what was recorded.
 */
export function buildPolicies(options: { ollama: boolean; ledger?: BudgetLedger }): PolicyFn[] {
  return [
    ...(options.ollama ? [modelHealthCheckPolicy()] : []),
    blockDangerousToolsPolicy(),
    sqlGuardPolicy,
    adminOnlyActionPolicy({ requireAdminFor: ['admin_panel'] }),
    tokenLimitPolicy(),
    budgetPolicy({
      usd: DAILY_BUDGET_USD,
      per: 'user-day',
      ...(options.ledger === undefined ? {} : { ledger: options.ledger }),
    }),
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
