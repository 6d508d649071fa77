import {
  ALERT,
  ALLOW,
  ActionType,
  BLOCK,
  REDACT,
  createContext,
  type Decision,
  type PolicyContext,
} from '@clearstone/core';
import { AuditTrail } from '../audit/audit-trail';
import { definePolicy } from '../policy/define-policy';
import { isAsyncPolicyBlock } from './async-policy';
import { PolicyEngine } from './policy-engine';
import type { EvaluationResult } from './types';

const ctx = createContext({ userId: 'user-1', agentId: 'agent-1' });
const later = <T>(value: T, ms = 2): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('PolicyEngine.evaluateMaybeSync', () => {
  it('returns a plain Decision while every policy is synchronous', () => {
    const engine = new PolicyEngine({
      policies: [
        definePolicy({ name: 'a', priority: 2 }, () => ALERT('watch')),
        definePolicy({ name: 'b' }, () => ALLOW),
      ],
    });
    const result = engine.evaluateMaybeSync(ctx);
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toMatchObject({ action: ActionType.ALERT, metadata: { policyName: 'a' } });
  });

  it('continues asynchronously from the first Promise without running earlier policies again', async () => {
    const calls: string[] = [];
    const policy = (name: string, priority: number, decide: () => Decision | Promise<Decision>) =>
      definePolicy({ name, priority }, () => {
        calls.push(name);
        return decide();
      });
    const auditTrail = new AuditTrail();
    const engine = new PolicyEngine({
      auditTrail,
      policies: [
        policy('first', 30, () => ALERT('first')),
        policy('awaits', 20, () => later(ALERT('slow'))),
        policy('last', 10, () => REDACT({ fields: ['ssn'] })),
      ],
    });
    const pending = engine.evaluateMaybeSync(ctx);
    expect(pending).toBeInstanceOf(Promise);
    expect(calls).toEqual(['first', 'awaits']);
    const decision = await pending;
    expect(calls).toEqual(['first', 'awaits', 'last']);
    expect(decision).toMatchObject({ action: ActionType.REDACT, metadata: { policyName: 'last' } });
    expect(decision.metadata.alerts).toEqual([
      { policy: 'first', reason: 'first' },
      { policy: 'awaits', reason: 'slow' },
    ]);
    expect(auditTrail.entries().map((entry) => entry.policyName)).toEqual(['first', 'awaits', 'last']);
    expect(engine.metrics.summary().first.evalCount).toBe(1);
  });

  it('times out an async policy and stops at its fail-closed BLOCK', async () => {
    const after = jest.fn(() => ALLOW);
    const engine = new PolicyEngine({
      policyTimeoutMs: 15,
      policies: [
        definePolicy({ name: 'hangs', priority: 1 }, () => new Promise<Decision>(() => undefined)),
        definePolicy({ name: 'after' }, after),
      ],
    });
    await expect(engine.evaluateMaybeSync(ctx)).resolves.toMatchObject({
      action: ActionType.BLOCK,
      reason: "Policy 'hangs' timed out after 15ms",
    });
    expect(after).not.toHaveBeenCalled();
    expect(engine.auditTrail.entries()).toHaveLength(1);
  });

  it('throws NO_CONTEXT synchronously without a context', () => {
    const engine = new PolicyEngine({ policies: [definePolicy({ name: 'a' }, () => ALLOW)] });
    expect(() => engine.evaluateMaybeSync()).toThrow(expect.objectContaining({ code: 'NO_CONTEXT' }));
  });

  it('gives the same decisions, audit entries, metrics and onDecision reports as evaluate', async () => {
    const policies = (): Array<(c: PolicyContext) => Decision | Promise<Decision>> => [
      definePolicy({ name: 'alerting', priority: 50 }, () => ALERT('one')),
      definePolicy({ name: 'async_alert', priority: 40 }, async () => ALERT('two')),
      definePolicy({ name: 'throws', priority: 30 }, () => {
        throw new Error('boom');
      }),
      definePolicy({ name: 'never', priority: 20 }, () => ALLOW),
    ];
    const run = async (evaluate: (engine: PolicyEngine) => Decision | Promise<Decision>) => {
      const reports: EvaluationResult[] = [];
      const engine = new PolicyEngine({ policies: policies(), onDecision: (report) => reports.push(report) });
      const decision = await evaluate(engine);
      const entries = engine.auditTrail.entries().map(({ policyName, decision: action, reason, error }) => ({
        policyName,
        action,
        reason,
        error,
      }));
      const counts = Object.fromEntries(
        Object.entries(engine.metrics.summary()).map(([name, stats]) => [name, [stats.evalCount, stats.blockCount]]),
      );
      const report = reports.map((r) => r.policyDecisions.map((p) => [p.policyName, p.decision.action, p.error]));
      return { decision, entries, counts, report };
    };
    const viaMaybe = await run((engine) => engine.evaluateMaybeSync(ctx));
    const viaEvaluate = await run((engine) => engine.evaluate(ctx));
    expect(viaMaybe).toEqual(viaEvaluate);
    expect(viaMaybe.decision).toMatchObject({
      action: ActionType.BLOCK,
      reason: "Policy 'throws' raised an exception: boom",
    });
    expect(viaMaybe.entries.map((entry) => entry.policyName)).toEqual(['alerting', 'async_alert', 'throws']);
  });
});

describe('async policies known before they run', () => {
  it('engine.hasAsyncPolicies and policies[].async come from PolicyInfo.async', () => {
    const syncOnly = new PolicyEngine({ policies: [definePolicy({ name: 's' }, () => ALLOW)] });
    expect(syncOnly.hasAsyncPolicies).toBe(false);
    async function plainAsync() {
      return ALLOW;
    }
    const mixed = new PolicyEngine({
      policies: [
        definePolicy({ name: 's' }, () => ALLOW),
        definePolicy({ name: 'declared', async: true }, () => later(ALLOW)),
        plainAsync,
      ],
    });
    expect(mixed.hasAsyncPolicies).toBe(true);
    expect(mixed.policies.map((info) => [info.name, info.async])).toEqual([
      ['s', undefined],
      ['declared', true],
      ['plainAsync', true],
    ]);
  });

  it('evaluateSync does not call a known-async policy and marks its fail-closed BLOCK', () => {
    let calls = 0;
    const asyncPolicy = async () => {
      calls++;
      return ALLOW;
    };
    const engine = new PolicyEngine({
      policies: [
        definePolicy({ name: 'first', priority: 1 }, () => ALERT('seen')),
        definePolicy({ name: 'remote_check' }, asyncPolicy),
      ],
    });
    const decision = engine.evaluateSync(ctx);
    expect(calls).toBe(0);
    expect(isAsyncPolicyBlock(decision)).toBe(true);
    expect(decision).toMatchObject({
      action: ActionType.BLOCK,
      reason: expect.stringContaining("Policy 'remote_check' returned a Promise"),
      metadata: { policyName: 'remote_check', asyncPolicy: 'remote_check' },
    });
    expect(engine.auditTrail.entries().map((entry) => entry.policyName)).toEqual(['first', 'remote_check']);
  });

  it('marks the BLOCK of a policy found async only when it runs, too', () => {
    const engine = new PolicyEngine({
      policies: [definePolicy({ name: 'sneaky' }, () => Promise.resolve(ALLOW))],
    });
    expect(engine.hasAsyncPolicies).toBe(false);
    const decision = engine.evaluateSync(ctx);
    expect(isAsyncPolicyBlock(decision)).toBe(true);
    expect(decision.metadata.asyncPolicy).toBe('sneaky');
  });

  it('isAsyncPolicyBlock is false for ordinary decisions, failed policies included', () => {
    const engine = new PolicyEngine({
      policies: [
        definePolicy({ name: 'broken' }, () => {
          throw new Error('returned a Promise, but not really');
        }),
      ],
    });
    expect(isAsyncPolicyBlock(engine.evaluateSync(ctx))).toBe(false);
    expect(isAsyncPolicyBlock(BLOCK('no'))).toBe(false);
    expect(isAsyncPolicyBlock(ALLOW)).toBe(false);
  });
});
