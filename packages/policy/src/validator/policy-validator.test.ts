import { ALLOW, BLOCK, PAUSE, createContext, type PolicyContext } from '@clearstone/core';
import { definePolicy } from '../policy/define-policy';
import { PolicyValidationError } from './policy-validation-error';
import { PolicyValidator } from './policy-validator';

const good = definePolicy({ name: 'good' }, (ctx) => (ctx.metadata.role === 'admin' ? ALLOW : BLOCK('not admin')));
class KeyError extends Error { override name = 'KeyError'; }
const fragile = definePolicy({ name: 'fragile' }, (ctx) => {
  if (!('role' in ctx.metadata)) throw new KeyError("'role'");
  return ALLOW;
});
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('PolicyValidator', () => {
  const validator = new PolicyValidator();

  it('passes a good policy on every check', async () => {
    await expect(validator.runAllChecks(good)).resolves.toEqual([]);
    await expect(validator.validatePerformance(good, { maxLatencyMs: 10 })).resolves.toBeUndefined();
    await expect(validator.validatePerformance(good, { maxLatencyMs: 5, numRuns: 100 })).resolves.toBeUndefined();
  });

  it('flags a counter-based policy as non-deterministic', async () => {
    let calls = 0;
    const flaky = definePolicy({ name: 'flaky' }, () => (++calls % 2 === 0 ? BLOCK('even') : ALLOW));
    await expect(validator.validateDeterminism(flaky)).rejects.toThrow("Policy 'flaky' is non-deterministic. Run 2 produced a different result than run 1.");
    await expect(validator.validateDeterminism(flaky, { numRuns: 10 })).rejects.toThrow('is non-deterministic');
  });

  it('does not mistake a PAUSE with a generated interventionId for non-determinism', async () => {
    const pausing = definePolicy({ name: 'pausing' }, () => PAUSE('needs approval', { metadata: { amount: 5 } }));
    await expect(validator.validateDeterminism(pausing)).resolves.toBeUndefined();
    let amount = 0;
    const drifting = definePolicy({ name: 'drifting' }, () => PAUSE('needs approval', { metadata: { amount: amount++ } }));
    await expect(validator.validateDeterminism(drifting)).rejects.toThrow('is non-deterministic');
  });

  it('flags a slow policy as too slow', async () => {
    const slow = definePolicy({ name: 'slow' }, () => { sleepSync(2); return ALLOW; });
    await expect(validator.validatePerformance(slow, { maxLatencyMs: 1, numRuns: 5 })).rejects.toThrow(/Policy 'slow' is too slow\. Average latency: \d+\.\d{4}ms, Budget: 1ms\./);
    await expect(validator.validatePerformance(slow, { maxLatencyMs: 0.5, numRuns: 10 })).rejects.toThrow('is too slow');
  });

  it('flags a policy that throws on empty metadata as not exception-safe', async () => {
    await expect(validator.validateExceptionSafety(fragile)).rejects.toThrow(`Policy 'fragile' is not exception-safe. It raised 'KeyError: 'role'' on a context with empty metadata.`);
    const returnsNothing = definePolicy({ name: 'nothing' }, () => undefined as never);
    await expect(validator.validateExceptionSafety(returnsNothing)).rejects.toThrow('returned undefined instead of a Decision');
  });

  it('collects every failure in runAllChecks', async () => {
    const failures = await validator.runAllChecks(fragile);
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures.some((failure) => failure.includes('exception'))).toBe(true);
    expect(failures.some((failure) => failure.includes('KeyError'))).toBe(true);
  });

  it('awaits async policies', async () => {
    const asyncGood = definePolicy({ name: 'async_good' }, async () => ALLOW);
    await expect(validator.runAllChecks(asyncGood)).resolves.toEqual([]);
    const asyncBroken = definePolicy({ name: 'async_broken' }, async () => { throw new TypeError('bad'); });
    await expect(validator.validateExceptionSafety(asyncBroken)).rejects.toThrow("It raised 'TypeError: bad'");
  });

  it('uses the given default context', async () => {
    const seen: PolicyContext[] = [];
    const recording = definePolicy({ name: 'recording' }, (ctx) => { seen.push(ctx); return ALLOW; });
    const defaultContext = createContext({ userId: 'custom', agentId: 'custom-agent', metadata: { role: 'admin' } });
    await new PolicyValidator({ defaultContext }).validateDeterminism(recording);
    expect(seen.every((ctx) => ctx === defaultContext)).toBe(true);
  });

  it('raises coded PolicyValidationError', async () => {
    const error = await validator.validateExceptionSafety(fragile).catch((thrown: unknown) => thrown);
    expect(PolicyValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'POLICY_VALIDATION_FAILED', check: 'exceptionSafety' });
  });
});
