import {
  ALERT,
  ALLOW,
  ActionType,
  BLOCK,
  ClearstoneError,
  PAUSE,
  REDACT,
  SKIP,
  contextScope,
  createContext,
  type Decision,
  type PolicyContext,
} from '@clearstone/core';
import { AuditTrail } from '../audit/audit-trail';
import { PolicyMetrics } from '../metrics/policy-metrics';
import { definePolicy } from '../policy/define-policy';
import { Policy } from '../policy/policy';
import { defaultRegistry } from '../registry/policy-registry';
import { PolicyEngine } from './policy-engine';
import type { EvaluationResult } from './types';

const ctx = createContext({ userId: 'user-1', agentId: 'agent-1', metadata: { role: 'guest' } });
const named = (name: string, priority: number, fn: (c: PolicyContext) => Decision | Promise<Decision>) =>
  definePolicy({ name, priority }, fn);

afterEach(() => defaultRegistry.reset());

describe('PolicyEngine construction', () => {
  it('refuses an empty registry and an empty list with NO_POLICIES', () => {
    expect(() => new PolicyEngine()).toThrow(
      expect.objectContaining({
        code: 'NO_POLICIES',
        message: expect.stringContaining('initialized with no valid policies'),
      }),
    );
    expect(() => new PolicyEngine({ policies: [] })).toThrow(expect.objectContaining({ code: 'NO_POLICIES' }));
  });

  it('refuses two policies with the same name', () => {
    const a = named('same', 0, () => ALLOW);
    const b = named('same', 1, () => ALLOW);
    expect(() => new PolicyEngine({ policies: [a, b] })).toThrow(expect.objectContaining({ code: 'DUPLICATE_POLICY' }));
  });

  it('refuses non-function policies with a coded error', () => {
    expect(() => new PolicyEngine({ policies: [42 as never] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('uses only the explicit list, sorted by priority with ties in list order', () => {
    Policy({ name: 'registered', priority: 1000 }, () => BLOCK('should not run'));
    const engine = new PolicyEngine({
      policies: [named('low', 10, () => ALLOW), named('high', 20, () => ALLOW), named('tie', 10, () => ALLOW)],
    });
    expect(engine.policies.map((info) => info.name)).toEqual(['high', 'low', 'tie']);
    expect(engine.evaluateSync(ctx)).toBe(ALLOW);
  });

  it('snapshots the default registry when no list is given', () => {
    Policy({ name: 'p100', priority: 100 }, () => ALLOW);
    Policy({ name: 'p0' }, () => ALLOW);
    const engine = new PolicyEngine();
    Policy({ name: 'later', priority: 500 }, () => BLOCK('registered after construction'));
    expect(engine.policies.map((info) => info.name)).toEqual(['p100', 'p0']);
    expect(engine.evaluateSync(ctx).action).toBe(ActionType.ALLOW);
  });

  it('names plain functions after themselves and unnamed ones by position', () => {
    function checkRole() {
      return ALLOW;
    }
    const engine = new PolicyEngine({
      policies: [
        checkRole,
        (
          () => () =>
            ALLOW
        )(),
      ],
    });
    expect(engine.policies.map((info) => info.name)).toEqual(['checkRole', 'anonymous_policy_2']);
  });
});

describe('PolicyEngine.evaluateSync', () => {
  it('requires a context, from the argument or the ambient scope', () => {
    const engine = new PolicyEngine({
      policies: [named('uses_ctx', 0, (c) => (c.userId === 'user-1' ? BLOCK('it is user-1') : ALLOW))],
    });
    let error: unknown;
    try {
      engine.evaluateSync();
    } catch (thrown) {
      error = thrown;
    }
    expect(ClearstoneError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'NO_CONTEXT', message: expect.stringContaining('No PolicyContext is active') });
    expect(contextScope(ctx, () => engine.evaluateSync()).action).toBe(ActionType.BLOCK);
  });

  it('BLOCK vetoes: later policies are not called and the reason is kept', () => {
    const later = jest.fn(() => ALLOW);
    const engine = new PolicyEngine({
      policies: [named('blocker', 10, () => BLOCK('Access denied')), named('later', 0, later)],
    });
    const decision = engine.evaluateSync(ctx);
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toBe('Access denied');
    expect(decision.metadata.policyName).toBe('blocker');
    expect(later).not.toHaveBeenCalled();
  });

  it('the most severe decision wins regardless of priority: PAUSE over ALERT, PAUSE over a higher ALERT', () => {
    const engine = new PolicyEngine({
      policies: [
        named('alerting', 100, () => ALERT('unusual')),
        named('pausing', 50, () => PAUSE('needs approval')),
        named('allow', 0, () => ALLOW),
      ],
    });
    const decision = engine.evaluateSync(ctx);
    expect(decision.action).toBe(ActionType.PAUSE);
    expect(decision.metadata.policyName).toBe('pausing');
    expect(decision.metadata.alerts).toEqual([{ policy: 'alerting', reason: 'unusual' }]);
    expect(typeof decision.metadata.interventionId).toBe('string');
  });

  it('orders severities BLOCK > PAUSE > REDACT > ALERT > ALLOW, with SKIP neutral', () => {
    const cases: Array<[Decision[], ActionType]> = [
      [[SKIP, SKIP], ActionType.ALLOW],
      [[SKIP, ALERT('a')], ActionType.ALERT],
      [[ALERT('a'), REDACT({ fields: ['ssn'] })], ActionType.REDACT],
      [[REDACT({ fields: ['ssn'] }), PAUSE('p')], ActionType.PAUSE],
      [[PAUSE('p'), ALERT('a'), BLOCK('b')], ActionType.BLOCK],
    ];
    for (const [decisions, expected] of cases) {
      const engine = new PolicyEngine({
        policies: decisions.map((decision, index) => named(`p${index}`, 100 - index, () => decision)),
      });
      expect(engine.evaluateSync(ctx).action).toBe(expected);
    }
  });

  it('keeps every ALERT reason and names the highest-priority alert as deciding', () => {
    const engine = new PolicyEngine({
      policies: [
        named('cost', 20, () => ALERT('spend is high')),
        named('privileged', 10, () => ALERT('privileged tool')),
        named('ok', 5, () => ALLOW),
      ],
    });
    const decision = engine.evaluateSync(ctx);
    expect(decision).toMatchObject({
      action: ActionType.ALERT,
      reason: 'spend is high',
      metadata: { policyName: 'cost' },
    });
    expect(decision.metadata.alerts).toEqual([
      { policy: 'cost', reason: 'spend is high' },
      { policy: 'privileged', reason: 'privileged tool' },
    ]);
    expect(Object.isFrozen(decision)).toBe(true);
    expect(Object.isFrozen(decision.metadata)).toBe(true);
  });

  it('merges REDACT specs from several policies', () => {
    const engine = new PolicyEngine({
      policies: [
        named('pii', 20, () => REDACT({ reason: 'PII', fields: ['ssn', 'email'], entities: ['email'] })),
        named('secrets', 10, () =>
          REDACT({ fields: ['email', 'apiKey'], patterns: [/sk-[a-z0-9]+/i], entities: ['credit_card'] }),
        ),
      ],
    });
    const decision = engine.evaluateSync(ctx);
    expect(decision.action).toBe(ActionType.REDACT);
    expect(decision.reason).toBe('PII');
    expect(decision.metadata).toMatchObject({
      policyName: 'pii',
      fields: ['ssn', 'email', 'apiKey'],
      entities: ['email', 'credit_card'],
    });
    expect((decision.metadata.patterns as RegExp[]).map(String)).toEqual(['/sk-[a-z0-9]+/i']);
  });

  it('fails closed when a policy throws, naming the policy and error, recorded once', () => {
    const metrics = new PolicyMetrics();
    const auditTrail = new AuditTrail();
    const engine = new PolicyEngine({
      metrics,
      auditTrail,
      policies: [
        named('broken', 0, () => {
          throw new Error('Something went wrong');
        }),
      ],
    });
    const decision = engine.evaluateSync(ctx);
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toBe("Policy 'broken' raised an exception: Something went wrong");
    expect(metrics.summary().broken).toMatchObject({ evalCount: 1, blockCount: 1 });
    expect(auditTrail.entries()).toEqual([
      expect.objectContaining({ policyName: 'broken', decision: 'block', error: 'Something went wrong' }),
    ]);
  });

  it('fails closed, counted once, when a policy returns something that is not a Decision', () => {
    const metrics = new PolicyMetrics();
    const engine = new PolicyEngine({
      metrics,
      policies: [named('returns_undefined', 0, () => undefined as never), named('never_runs', -1, () => ALLOW)],
    });
    const decision = engine.evaluateSync(ctx);
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toContain("Policy 'returns_undefined'");
    expect(decision.reason).toContain('instead of a Decision');
    expect(metrics.summary().returns_undefined.evalCount).toBe(1);
    expect(engine.auditTrail.entries()).toHaveLength(1);
  });

  it('fails closed on a Promise in evaluateSync and never leaves an unhandled rejection', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const engine = new PolicyEngine({
        policies: [
          named('async_one', 0, async () => {
            throw new Error('late failure');
          }),
        ],
      });
      const decision = engine.evaluateSync(ctx);
      expect(decision.action).toBe(ActionType.BLOCK);
      expect(decision.reason).toContain("Policy 'async_one' returned a Promise");
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('records one audit entry per evaluated policy, in order, with lowercase decisions', () => {
    const engine = new PolicyEngine({ policies: [named('p1', 0, () => ALLOW), named('p2', 0, () => ALERT('watch'))] });
    engine.evaluateSync(ctx);
    expect(engine.auditTrail.entries().map((entry) => [entry.policyName, entry.decision, entry.requestId])).toEqual([
      ['p1', 'allow', ctx.requestId],
      ['p2', 'alert', ctx.requestId],
    ]);
  });

  it('reports each evaluation to onDecision with per-policy decisions and latencies', () => {
    const results: EvaluationResult[] = [];
    const engine = new PolicyEngine({
      onDecision: (result) => results.push(result),
      policies: [named('a', 2, () => ALLOW), named('b', 1, () => BLOCK('no')), named('c', 0, () => ALLOW)],
    });
    const decision = engine.evaluateSync(ctx);
    expect(results).toHaveLength(1);
    expect(results[0].decision).toBe(decision);
    expect(results[0].context).toBe(ctx);
    expect(results[0].policyDecisions.map((entry) => entry.policyName)).toEqual(['a', 'b']);
    expect(results[0].policyDecisions.every((entry) => entry.latencyMs >= 0)).toBe(true);
  });

  it('keeps returning decisions when onDecision throws', () => {
    const warning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const engine = new PolicyEngine({
      onDecision: () => {
        throw new Error('observer broke');
      },
      policies: [named('a', 0, () => ALLOW)],
    });
    expect(engine.evaluateSync(ctx)).toBe(ALLOW);
    expect(warning).toHaveBeenCalledWith(expect.stringContaining('observer broke'));
    warning.mockRestore();
  });
});

describe('PolicyEngine.evaluate (async)', () => {
  it('awaits async policies in priority order and aggregates like evaluateSync', async () => {
    const order: string[] = [];
    const engine = new PolicyEngine({
      policies: [
        named('slow_alert', 10, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          order.push('slow_alert');
          return ALERT('slow');
        }),
        named('sync_alert', 5, () => {
          order.push('sync_alert');
          return ALERT('sync');
        }),
      ],
    });
    const decision = await engine.evaluate(ctx);
    expect(order).toEqual(['slow_alert', 'sync_alert']);
    expect(decision.metadata.alerts).toEqual([
      { policy: 'slow_alert', reason: 'slow' },
      { policy: 'sync_alert', reason: 'sync' },
    ]);
  });

  it('uses the ambient context and rejects with NO_CONTEXT without one', async () => {
    const engine = new PolicyEngine({
      policies: [named('a', 0, async (c) => (c.userId === 'user-1' ? BLOCK('user-1') : ALLOW))],
    });
    await expect(engine.evaluate()).rejects.toMatchObject({ code: 'NO_CONTEXT' });
    await expect(contextScope(ctx, () => engine.evaluate())).resolves.toMatchObject({ action: ActionType.BLOCK });
  });

  it('fails closed when an async policy rejects', async () => {
    const engine = new PolicyEngine({
      policies: [
        named('rejecting', 0, async () => {
          throw new Error('db down');
        }),
      ],
    });
    const decision = await engine.evaluate(ctx);
    expect(decision.reason).toBe("Policy 'rejecting' raised an exception: db down");
    expect(engine.metrics.summary().rejecting).toMatchObject({ evalCount: 1, blockCount: 1 });
    expect(engine.auditTrail.entries()).toHaveLength(1);
  });

  it('fails closed when an async policy exceeds policyTimeoutMs, and stops there', async () => {
    const after = jest.fn(() => ALLOW);
    const engine = new PolicyEngine({
      policyTimeoutMs: 20,
      policies: [named('hangs', 10, () => new Promise<Decision>(() => undefined)), named('after', 0, after)],
    });
    const decision = await engine.evaluate(ctx);
    expect(decision).toMatchObject({ action: ActionType.BLOCK, reason: "Policy 'hangs' timed out after 20ms" });
    expect(after).not.toHaveBeenCalled();
    expect(engine.auditTrail.entries()).toEqual([
      expect.objectContaining({ policyName: 'hangs', error: 'timed out after 20ms' }),
    ]);
  });

  it('fails closed when an async policy resolves to a non-Decision', async () => {
    const engine = new PolicyEngine({ policies: [named('resolves_null', 0, async () => null as never)] });
    expect((await engine.evaluate(ctx)).reason).toContain("Policy 'resolves_null' returned null instead of a Decision");
  });

  it('rejects a non-positive timeout', () => {
    expect(() => new PolicyEngine({ policyTimeoutMs: 0, policies: [named('a', 0, () => ALLOW)] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
