import { ActionType, type Decision } from '@clearstone/core';
import { contextWith } from '../internal/test-context';
import { dailyCostLimitPolicy } from './daily-cost-limit-policy';
import { rateLimitPolicy } from './rate-limit-policy';
import { requireApprovalForHighCostPolicy } from './require-approval-for-high-cost-policy';
import { sessionCostLimitPolicy } from './session-cost-limit-policy';
import { tokenLimitPolicy } from './token-limit-policy';

const decide = (decision: Decision | Promise<Decision>): Decision => decision as Decision;

describe('tokenLimitPolicy', () => {
  it('has the original name and priority', () => {
    expect(tokenLimitPolicy().policyInfo).toMatchObject({ name: 'token_limit', priority: 100 });
  });

  it('blocks when tokensUsed exceeds tokenLimit from metadata, with the original text', () => {
    const decision = decide(tokenLimitPolicy()(contextWith({ tokenLimit: 5000, tokensUsed: 6000 })));
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toBe('Token limit exceeded: 6000 > 5000');
  });

  it('allows under the limit, at the limit and without a limit', () => {
    expect(decide(tokenLimitPolicy()(contextWith({ tokenLimit: 5000, tokensUsed: 4000 }))).action).toBe(
      ActionType.ALLOW,
    );
    expect(decide(tokenLimitPolicy()(contextWith({ tokenLimit: 5000, tokensUsed: 5000 }))).action).toBe(
      ActionType.ALLOW,
    );
    expect(decide(tokenLimitPolicy()(contextWith({ tokensUsed: 1e9 }))).action).toBe(ActionType.ALLOW);
  });

  it('uses the option as default and lets metadata override it', () => {
    const policy = tokenLimitPolicy({ tokenLimit: 100 });
    expect(decide(policy(contextWith({ tokensUsed: 101 }))).reason).toBe('Token limit exceeded: 101 > 100');
    expect(decide(policy(contextWith({ tokensUsed: 101, tokenLimit: 1000 }))).action).toBe(ActionType.ALLOW);
  });

  it('rejects invalid options at construction and fails closed on invalid metadata', () => {
    expect(() => tokenLimitPolicy({ tokenLimit: '5000' as unknown as number })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'tokenLimit' }),
    );
    expect(() => tokenLimitPolicy('x' as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    const decision = decide(tokenLimitPolicy()(contextWith({ tokenLimit: 10, tokensUsed: 'lots' })));
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toBe(
      "Policy 'token_limit' cannot decide: metadata 'tokensUsed' must be a finite number (got string).",
    );
  });
});

describe('sessionCostLimitPolicy', () => {
  it('alerts with a reason when the session cost is over the limit', () => {
    const policy = sessionCostLimitPolicy();
    expect(policy.policyInfo).toMatchObject({ name: 'session_cost_limit', priority: 100 });
    const decision = decide(policy(contextWith({ sessionCostLimit: 10, sessionCost: 12.5 })));
    expect(decision.action).toBe(ActionType.ALERT);
    expect(decision.reason).toBe('Session cost limit exceeded: $12.50 > $10.00');
  });

  it('shows enough digits for the two amounts to differ', () => {
    expect(
      decide(sessionCostLimitPolicy()(contextWith({ sessionCostLimit: 0.0015, sessionCost: 0.00152 }))).reason,
    ).toBe('Session cost limit exceeded: $0.00152 > $0.0015');
    expect(decide(sessionCostLimitPolicy()(contextWith({ sessionCostLimit: 5, sessionCost: 5.001 }))).reason).toBe(
      'Session cost limit exceeded: $5.001 > $5',
    );
    expect(decide(dailyCostLimitPolicy()(contextWith({ dailyCostLimit: 100, dailyCost: 100.004 }))).reason).toBe(
      'Daily cost limit exceeded: $100.004 > $100',
    );
  });

  it('allows under the limit; the option is the default limit', () => {
    expect(decide(sessionCostLimitPolicy()(contextWith({ sessionCostLimit: 10, sessionCost: 5 }))).action).toBe(
      ActionType.ALLOW,
    );
    expect(decide(sessionCostLimitPolicy({ sessionCostLimit: 1 })(contextWith({ sessionCost: 2 }))).action).toBe(
      ActionType.ALERT,
    );
  });
});

describe('dailyCostLimitPolicy', () => {
  it('blocks over the daily limit with the original text and allows under it', () => {
    const policy = dailyCostLimitPolicy();
    expect(policy.policyInfo).toMatchObject({ name: 'daily_cost_limit', priority: 100 });
    expect(decide(policy(contextWith({ dailyCostLimit: 100, dailyCost: 101 }))).reason).toBe(
      'Daily cost limit exceeded: $101.00 > $100.00',
    );
    expect(decide(policy(contextWith({ dailyCostLimit: 100, dailyCost: 50 }))).action).toBe(ActionType.ALLOW);
    expect(() => dailyCostLimitPolicy({ dailyCostLimit: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

describe('rateLimitPolicy', () => {
  it('blocks over the rate limit and allows under it', () => {
    const policy = rateLimitPolicy({ rateLimit: 100 });
    expect(policy.policyInfo).toMatchObject({ name: 'rate_limit', priority: 95 });
    expect(decide(policy(contextWith({ rateCount: 105 }))).reason).toBe('Rate limit exceeded: 105 > 100');
    expect(decide(policy(contextWith({ rateCount: 50 }))).action).toBe(ActionType.ALLOW);
  });
});

describe('requireApprovalForHighCostPolicy', () => {
  it('pauses above the default $10 threshold and allows below it', () => {
    const policy = requireApprovalForHighCostPolicy();
    expect(policy.policyInfo).toMatchObject({ name: 'require_approval_for_high_cost', priority: 90 });
    const decision = decide(policy(contextWith({ operationCost: 25 })));
    expect(decision.action).toBe(ActionType.PAUSE);
    expect(decision.reason).toBe('High cost operation requires approval: $25.00 > $10.00');
    expect(decision.metadata.interventionId).toMatch(/^intervention_[0-9a-f]{32}$/);
    expect(decide(policy(contextWith({ operationCost: 5 }))).action).toBe(ActionType.ALLOW);
  });

  it('takes the threshold from options, overridden by metadata', () => {
    expect(
      decide(requireApprovalForHighCostPolicy({ highCostThreshold: 2 })(contextWith({ operationCost: 5 }))).action,
    ).toBe(ActionType.PAUSE);
    expect(
      decide(
        requireApprovalForHighCostPolicy({ highCostThreshold: 2 })(
          contextWith({ operationCost: 5, highCostThreshold: 50 }),
        ),
      ).action,
    ).toBe(ActionType.ALLOW);
  });
});
