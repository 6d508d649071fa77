import { ActionType, createContext } from '@clearstone/core';
import { PolicyEngine } from '../../engine/policy-engine';
import { defaultRegistry } from '../../registry/policy-registry';
import * as builtins from '../index';
import { stopSystemLoadSampling } from '../local-llm/system-load-sampler';
import {
  createAuditModePolicies,
  createCostControlPolicies,
  createDataProtectionPolicies,
  createLocalLlmPolicies,
  createSafeModePolicies,
  createSecurityPolicies,
} from './bundles';

const names = (policies: { policyInfo: { name: string } }[]): string[] =>
  policies.map((policy) => policy.policyInfo.name);

afterAll(() => stopSystemLoadSampling());

describe('bundles', () => {
  it('contain the original members in the original order', () => {
    expect(names(createSafeModePolicies())).toEqual([
      'block_dangerous_tools',
      'pause_before_write',
      'token_limit',
      'alert_on_privileged_access',
    ]);
    expect(names(createAuditModePolicies())).toEqual([
      'alert_on_privileged_access',
      'alert_on_failed_auth',
      'rbac_tool_access',
      'rate_limit',
    ]);
    expect(names(createCostControlPolicies())).toEqual([
      'token_limit',
      'session_cost_limit',
      'daily_cost_limit',
      'require_approval_for_high_cost',
    ]);
    expect(names(createSecurityPolicies())).toEqual([
      'rbac_tool_access',
      'admin_only_action',
      'block_pii_tools',
      'alert_on_failed_auth',
      'alert_on_privileged_access',
      'block_dangerous_tools',
    ]);
    expect(names(createDataProtectionPolicies())).toEqual(['redact_pii', 'block_pii_tools', 'admin_only_action']);
    expect(names(createLocalLlmPolicies())).toEqual([
      'system_load_protection',
      'local_model_health_check',
      'token_limit',
      'rate_limit',
    ]);
  });

  it('return new arrays of new policies on every call', () => {
    const first = createSafeModePolicies();
    const second = createSafeModePolicies();
    expect(first).not.toBe(second);
    expect(first[0]).not.toBe(second[0]);
  });

  it('pass options to their members', async () => {
    const engine = new PolicyEngine({ policies: createCostControlPolicies({ tokenLimit: 10, dailyCostLimit: 5 }) });
    const over = await engine.evaluate(createContext({ userId: 'u', agentId: 'a', metadata: { tokensUsed: 11 } }));
    expect(over.reason).toBe('Token limit exceeded: 11 > 10');
    const daily = await engine.evaluate(createContext({ userId: 'u', agentId: 'a', metadata: { dailyCost: 6 } }));
    expect(daily.reason).toBe('Daily cost limit exceeded: $6.00 > $5.00');
    expect(() => createSecurityPolicies({ restrictedTools: [] as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('run in the engine: a dangerous tool is blocked even with token headroom', async () => {
    const engine = new PolicyEngine({
      policies: createSafeModePolicies({ tokenLimit: 1000, privilegedTools: ['read_logs'] }),
    });
    const decision = await engine.evaluate(
      createContext({ userId: 'u', agentId: 'a', metadata: { toolName: 'DropTable', tokensUsed: 10 } }),
    );
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.metadata.policyName).toBe('block_dangerous_tools');
    const alert = await engine.evaluate(
      createContext({ userId: 'u', agentId: 'a', metadata: { toolName: 'read_logs' } }),
    );
    expect(alert.action).toBe(ActionType.ALERT);
  });
});

describe('@clearstone/policy/builtins entry point', () => {
  it('registers nothing on import and exports every factory', () => {
    expect(defaultRegistry.size).toBe(0);
    const factories = Object.keys(builtins).filter((key) => key.endsWith('Policy'));
    expect(factories).toHaveLength(18);
    // budgetPolicy has no defaults: it needs an amount and a period.
    const registered = factories.map((key) =>
      key === 'budgetPolicy'
        ? builtins.budgetPolicy({ usd: 1, per: 'run' }).policyInfo.name
        : (builtins as unknown as Record<string, () => { policyInfo: { name: string } }>)[key]().policyInfo.name,
    );
    expect(new Set(registered).size).toBe(18);
    expect(defaultRegistry.size).toBe(0);
  });
});
