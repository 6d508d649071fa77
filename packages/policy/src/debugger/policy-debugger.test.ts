import { ALLOW, BLOCK, createContext, type PolicyContext } from '@clearstone/core';
import { riskScore } from '../../test/fixtures/risk-score';
import { definePolicy } from '../policy/define-policy';
import { PolicyDebugger } from './policy-debugger';

const threshold = 20;
const spendPolicy = definePolicy({ name: 'spend_guard', priority: 10 }, (ctx: PolicyContext) => {
  const role = String(ctx.metadata.role ?? 'guest');
  const amount = Number(ctx.metadata.amount ?? 0);
  const score = riskScore(amount, role);
  if (role !== 'admin' && score > threshold) {
    return BLOCK(`Risk score ${score} exceeds ${threshold}`);
  }
  if (amount > 1_000_000) {
    return BLOCK('Amount too large for anyone');
  }
  return ALLOW;
});
const oneLiner = definePolicy({ name: 'one_liner' }, () => ALLOW);
const context = (metadata: Record<string, unknown>) => createContext({ userId: 'u', agentId: 'a', metadata });

describe('PolicyDebugger.traceEvaluation', () => {
  const policyDebugger = new PolicyDebugger();

  it('traces each executed line of a TypeScript policy on the allow path, with original line numbers', () => {
    const { decision, trace } = policyDebugger.traceEvaluation(spendPolicy, context({ role: 'admin', amount: 500 }));
    expect(decision).toBe(ALLOW);
    const texts = trace.map((entry) => entry.text);
    expect(texts).toEqual([
      "const role = String(ctx.metadata.role ?? 'guest');",
      'const amount = Number(ctx.metadata.amount ?? 0);',
      'const score = riskScore(amount, role);',
      "if (role !== 'admin' && score > threshold) {",
      'if (amount > 1_000_000) {',
      'return ALLOW;',
    ]);
    expect(trace[0].line).toBe(8);
    expect(trace[0].file).toMatch(/policy-debugger\.test\.ts$/);
    expect(trace.some((entry) => entry.text.includes('riskScore(amount: number'))).toBe(false);
  });

  it('captures locals and the closure variables the policy uses, before each line runs', () => {
    const { decision, trace } = policyDebugger.traceEvaluation(spendPolicy, context({ role: 'guest', amount: 5000 }));
    expect(decision.reason).toBe('Risk score 50 exceeds 20');
    const blockLine = trace.find((entry) => entry.text.startsWith('return BLOCK(`Risk score'));
    expect(blockLine?.locals).toMatchObject({ role: '"guest"', amount: '5000', score: '50', threshold: '20' });
    expect(trace[0].locals.role).toBe('undefined');
    expect(trace.map((entry) => entry.text)).not.toContain('return ALLOW;');
  });

  it('records at least one line for a one-line policy', () => {
    const { trace } = policyDebugger.traceEvaluation(oneLiner, context({}));
    expect(trace.length).toBeGreaterThanOrEqual(1);
    expect(trace[0].text).toContain('ALLOW');
  });

  it('lets exceptions from the policy propagate and leaves no tracing behind', () => {
    const failing = definePolicy({ name: 'failing' }, () => {
      throw new Error('boom');
    });
    expect(() => policyDebugger.traceEvaluation(failing, context({}))).toThrow('boom');
    expect(policyDebugger.traceEvaluation(oneLiner, context({})).decision).toBe(ALLOW);
  });

  it('traces async policies across await with traceEvaluationAsync', async () => {
    const asyncPolicy = definePolicy({ name: 'async_policy' }, async (ctx) => {
      const limit = await Promise.resolve(threshold);
      const amount = Number(ctx.metadata.amount);
      return amount > limit ? BLOCK('over') : ALLOW;
    });
    const { decision, trace } = await policyDebugger.traceEvaluationAsync(asyncPolicy, context({ amount: 50 }));
    expect(decision.reason).toBe('over');
    expect(trace.map((entry) => entry.text)).toEqual(
      expect.arrayContaining([
        'const amount = Number(ctx.metadata.amount);',
        "return amount > limit ? BLOCK('over') : ALLOW;",
      ]),
    );
    expect(trace.find((entry) => entry.text.startsWith('return'))?.locals).toMatchObject({ limit: '20', amount: '50' });
  });

  it('formats the report', () => {
    const { decision, trace } = policyDebugger.traceEvaluation(spendPolicy, context({ role: 'guest', amount: 5000 }));
    const report = policyDebugger.formatTrace(spendPolicy, decision, trace);
    expect(
      report.startsWith(
        "--- Policy Debug Trace for 'spend_guard' ---\nFinal Decision: BLOCK\nFinal Reason: Risk score 50 exceeds 20\n\nExecution Path:\n",
      ),
    ).toBe(true);
    expect(report).toMatch(/ {2}L8 {3}\| const role = String\(ctx\.metadata\.role \?\? 'guest'\); +\| Locals: \{ /);
    const allowed = policyDebugger.traceEvaluation(spendPolicy, context({ role: 'admin', amount: 1 }));
    expect(policyDebugger.formatTrace(spendPolicy, allowed.decision, allowed.trace)).toContain(
      'Final Decision: ALLOW\nFinal Reason: N/A',
    );
    expect(policyDebugger.formatTrace(spendPolicy, allowed.decision, [])).toContain('no trace available');
  });
});
