import { ALERT, ALLOW, BLOCK, PAUSE, REDACT, createContext } from '@clearstone/core';
import { AuditTrail } from '../audit/audit-trail';
import { PolicyEngine } from '../engine/policy-engine';
import { definePolicy } from '../policy/define-policy';
import { PolicyMetrics } from './policy-metrics';

describe('PolicyMetrics', () => {
  it('counts evaluations, blocks, alerts and pauses per policy and sums latency', () => {
    const metrics = new PolicyMetrics();
    metrics.record('p', BLOCK('x'), 0.2);
    metrics.record('p', ALERT('y'), 0.3);
    metrics.record('p', PAUSE('z'), 0.1);
    metrics.record('p', REDACT({ fields: ['ssn'] }), 0.1);
    metrics.record('p', ALLOW, 0.1);
    expect(metrics.summary().p).toMatchObject({
      evalCount: 5,
      blockCount: 1,
      alertCount: 1,
      pauseCount: 1,
      redactCount: 1,
    });
    expect(metrics.summary().p.totalLatencyMs).toBeCloseTo(0.8);
  });

  it('reports average, p50 and p99 latency', () => {
    const metrics = new PolicyMetrics();
    metrics.record('p', ALLOW, 0.1);
    metrics.record('p', ALLOW, 0.3);
    expect(metrics.summary().p.avgLatencyMs).toBeCloseTo(0.2);
    const many = new PolicyMetrics();
    for (let value = 1; value <= 100; value++) many.record('q', ALLOW, value);
    expect(many.summary().q).toMatchObject({ p50LatencyMs: 50, p99LatencyMs: 99 });
  });

  it('keeps percentiles over a bounded window of recent latencies', () => {
    const metrics = new PolicyMetrics({ windowSize: 10 });
    for (let index = 0; index < 1000; index++) metrics.record('p', ALLOW, 100);
    for (let index = 0; index < 10; index++) metrics.record('p', ALLOW, 1);
    expect(metrics.summary().p).toMatchObject({ evalCount: 1010, p50LatencyMs: 1, p99LatencyMs: 1 });
    expect(() => new PolicyMetrics({ windowSize: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('orders the slowest and the top blocking policies and truncates to topN', () => {
    const metrics = new PolicyMetrics();
    for (let index = 0; index < 10; index++) {
      for (let count = 0; count < index; count++) metrics.record(`policy_${index}`, BLOCK('b'), index);
      metrics.record(`policy_${index}`, ALLOW, index);
    }
    expect(metrics.getSlowestPolicies(3).map(([name]) => name)).toEqual(['policy_9', 'policy_8', 'policy_7']);
    expect(metrics.getTopBlockingPolicies(3).map(([name, stats]) => [name, stats.blockCount])).toEqual([
      ['policy_9', 9],
      ['policy_8', 8],
      ['policy_7', 7],
    ]);
    expect(metrics.getSlowestPolicies()).toHaveLength(5);
  });

  it('is empty at first, handles zero latency and can be reset', () => {
    const metrics = new PolicyMetrics();
    expect(metrics.summary()).toEqual({});
    metrics.record('fast', ALLOW, 0);
    expect(metrics.summary().fast.avgLatencyMs).toBe(0);
    metrics.reset();
    expect(metrics.summary()).toEqual({});
  });

  it('lets an engine time one evaluation in latencySampleInterval while counting every one', () => {
    const allow = definePolicy({ name: 'allow' }, () => ALLOW);
    const block = definePolicy({ name: 'block', priority: -1 }, () => BLOCK('no'));
    const ctx = createContext({ userId: 'u', agentId: 'a' });
    const metrics = new PolicyMetrics({ latencySampleInterval: 4 });
    const engine = new PolicyEngine({
      policies: [allow, block],
      metrics,
      auditTrail: new AuditTrail({ maxEntries: 0 }),
    });
    for (let index = 0; index < 10; index++) engine.evaluateSync(ctx);
    // Evaluations 1, 5 and 9 are timed; counts cover all ten.
    expect(metrics.countersFor('allow')).toMatchObject({ evalCount: 10, timedCount: 3 });
    expect(metrics.countersFor('block')).toMatchObject({ evalCount: 10, blockCount: 10, timedCount: 3 });
    const stats = metrics.summary().allow;
    expect(stats.totalLatencyMs).toBeCloseTo(stats.avgLatencyMs * 10);
    expect(stats.avgLatencyMs).toBeCloseTo(metrics.countersFor('allow').totalLatencyMs / 3);

    const everyOne = new PolicyMetrics({ latencySampleInterval: 1 });
    const timedEngine = new PolicyEngine({ policies: [allow], metrics: everyOne });
    for (let index = 0; index < 5; index++) timedEngine.evaluateSync(ctx);
    expect(everyOne.countersFor('allow')).toMatchObject({ evalCount: 5, timedCount: 5 });

    const reported: number[] = [];
    const observed = new PolicyMetrics({ latencySampleInterval: 1000 });
    const reporting = new PolicyEngine({
      policies: [allow],
      metrics: observed,
      onDecision: (result) => reported.push(result.policyDecisions.length),
    });
    for (let index = 0; index < 5; index++) reporting.evaluateSync(ctx);
    expect(observed.countersFor('allow').timedCount).toBe(5);
    expect(reported).toEqual([1, 1, 1, 1, 1]);
    for (const interval of [0, 1.5, -1])
      expect(() => new PolicyMetrics({ latencySampleInterval: interval })).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
  });
});
