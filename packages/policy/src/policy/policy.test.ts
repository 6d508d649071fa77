import { ALLOW, ActionType, BLOCK, createContext, type PolicyContext } from '@clearstone/core';
import { PolicyEngine } from '../engine/policy-engine';
import { defaultRegistry } from '../registry/policy-registry';
import { Policy } from './policy';

const ctx = createContext({ userId: 'u', agentId: 'a', metadata: { role: 'guest', amount: 5000 } });

afterEach(() => defaultRegistry.reset());

describe('Policy(info, fn)', () => {
  it('registers name, priority and callable; the registry sorts by priority descending', () => {
    Policy({ name: 'zero' }, () => ALLOW);
    Policy({ name: 'hundred', priority: 100 }, () => ALLOW);
    const fifty = Policy({ name: 'fifty', priority: 50 }, () => BLOCK('fifty'));
    expect(defaultRegistry.get().map((policy) => [policy.policyInfo.name, policy.policyInfo.priority])).toEqual([
      ['hundred', 100],
      ['fifty', 50],
      ['zero', 0],
    ]);
    expect((fifty(ctx) as { reason?: string }).reason).toBe('fifty');
  });

  it('validates the name and refuses a second policy with the same name', () => {
    expect(() => Policy({ name: '' }, () => ALLOW)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    Policy({ name: 'taken' }, () => ALLOW);
    expect(() => Policy({ name: 'taken' }, () => BLOCK('x'))).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_POLICY' }),
    );
    expect(defaultRegistry.size).toBe(1);
  });
});

describe('@Policy method decorator', () => {
  it('registers static methods at class definition, bound to the class', () => {
    class GuardPolicies {
      static readonly limit = 1000;

      @Policy({ name: 'large_payments', priority: 20 })
      static largePayments(context: PolicyContext) {
        return Number(context.metadata.amount) > this.limit ? BLOCK(`over ${this.limit}`) : ALLOW;
      }

      @Policy({ name: 'guests_read_only', priority: 10 })
      static guests(context: PolicyContext) {
        return context.metadata.role === 'guest' ? BLOCK('guest') : ALLOW;
      }
    }
    expect(GuardPolicies.limit).toBe(1000);
    expect(defaultRegistry.get().map((policy) => policy.policyInfo.name)).toEqual([
      'large_payments',
      'guests_read_only',
    ]);
    const decision = new PolicyEngine().evaluateSync(ctx);
    expect(decision).toMatchObject({
      action: ActionType.BLOCK,
      reason: 'over 1000',
      metadata: { policyName: 'large_payments' },
    });
  });

  it('registers instance methods when an instance is made, bound to it', () => {
    class Configured {
      constructor(readonly maximum: number) {}

      @Policy({ name: 'configured_limit' })
      limit(context: PolicyContext) {
        return Number(context.metadata.amount) > this.maximum ? BLOCK('over the configured maximum') : ALLOW;
      }
    }
    expect(defaultRegistry.size).toBe(0);
    new Configured(10_000);
    expect(new PolicyEngine().evaluateSync(ctx)).toBe(ALLOW);
    expect(() => new Configured(1)).toThrow(expect.objectContaining({ code: 'DUPLICATE_POLICY' }));
  });
});

describe('PolicyInfo.async', () => {
  it('is recorded for async functions, bound or not, and accepted explicitly', async () => {
    const asyncArrow = Policy({ name: 'async_arrow' }, async () => ALLOW);
    const declared = Policy({ name: 'declared', async: true }, () => Promise.resolve(ALLOW));
    const plain = Policy({ name: 'plain' }, () => ALLOW);
    expect(asyncArrow.policyInfo.async).toBe(true);
    expect(declared.policyInfo.async).toBe(true);
    expect(plain.policyInfo).toEqual({ name: 'plain', priority: 0 });
    expect(await asyncArrow(ctx)).toBe(ALLOW);
    expect(() => Policy({ name: 'bad', async: 'yes' as never }, () => ALLOW)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('is recorded for async decorated methods', () => {
    class RemoteChecks {
      @Policy({ name: 'remote' })
      static async remote() {
        return ALLOW;
      }
    }
    expect(typeof RemoteChecks.remote).toBe('function');
    expect(defaultRegistry.get().map((policy) => policy.policyInfo)).toEqual([
      { name: 'remote', priority: 0, async: true },
    ]);
    expect(new PolicyEngine().hasAsyncPolicies).toBe(true);
  });
});
