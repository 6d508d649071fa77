import { ALLOW, BLOCK, PAUSE, createContext, type PolicyContext } from '@clearstone/core';
import { definePolicy } from '../policy/define-policy';
import { PolicyValidationError } from './policy-validation-error';
import { PolicyValidator } from './policy-validator';

const good = definePolicy({ name: 'good' }, (ctx) => (ctx.metadata.role === 'admin' ? ALLOW : BLOCK('not admin')));
class KeyError extends Error {
  override name = 'KeyError';
}
const fragile = definePolicy({ name: 'fragile' }, (ctx) => {
  if (!('role' in ctx.metadata)) throw new KeyError("'role'");
  return ALLOW;
});
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('PolicyValidator', () => {
  const validator = new PolicyValidator();

  it('answers synchronously for a synchronous policy', () => {
    expect(validator.runAllChecks(good)).toEqual([]);
    expect(() => validator.validateExceptionSafety(fragile)).toThrow(PolicyValidationError);
    expect(() => validator.validateDeterminism(good)).not.toThrow();
    const failures = validator.runAllChecks(fragile);
    expect(Array.isArray(failures)).toBe(true);
    expect(failures.some((failure) => failure.includes('KeyError'))).toBe(true);
  });

  it('passes a good policy on every check', async () => {
    expect(validator.runAllChecks(good)).toEqual([]);
    expect(validator.validatePerformance(good, { maxLatencyMs: 10 })).toBeUndefined();
    expect(validator.validatePerformance(good, { maxLatencyMs: 5, numRuns: 100 })).toBeUndefined();
  });

  it('flags a counter-based policy as non-deterministic', async () => {
    let calls = 0;
    const flaky = definePolicy({ name: 'flaky' }, () => (++calls % 2 === 0 ? BLOCK('even') : ALLOW));
    expect(() => validator.validateDeterminism(flaky)).toThrow(
      "Policy 'flaky' is non-deterministic. Run 2 produced a different result than run 1.",
    );
    expect(() => validator.validateDeterminism(flaky, { numRuns: 10 })).toThrow('is non-deterministic');
  });

  it('does not mistake a PAUSE with a generated interventionId for non-determinism', async () => {
    const pausing = definePolicy({ name: 'pausing' }, () => PAUSE('needs approval', { metadata: { amount: 5 } }));
    expect(validator.validateDeterminism(pausing)).toBeUndefined();
    let amount = 0;
    const drifting = definePolicy({ name: 'drifting' }, () =>
      PAUSE('needs approval', { metadata: { amount: amount++ } }),
    );
    expect(() => validator.validateDeterminism(drifting)).toThrow('is non-deterministic');
  });

  it('flags a slow policy as too slow', async () => {
    const slow = definePolicy({ name: 'slow' }, () => {
      sleepSync(2);
      return ALLOW;
    });
    expect(() => validator.validatePerformance(slow, { maxLatencyMs: 1, numRuns: 5 })).toThrow(
      /Policy 'slow' is too slow\. Average latency: \d+\.\d{4}ms, Budget: 1ms\./,
    );
    expect(() => validator.validatePerformance(slow, { maxLatencyMs: 0.5, numRuns: 10 })).toThrow('is too slow');
  });

  it('flags a policy that throws on empty metadata as not exception-safe', async () => {
    expect(() => validator.validateExceptionSafety(fragile)).toThrow(
      `Policy 'fragile' is not exception-safe. It raised 'KeyError: 'role'' on a context with empty metadata.`,
    );
    const returnsNothing = definePolicy({ name: 'nothing' }, () => undefined as never);
    expect(() => validator.validateExceptionSafety(returnsNothing)).toThrow('returned undefined instead of a Decision');
  });

  it('collects every failure in runAllChecks', async () => {
    const failures = validator.runAllChecks(fragile);
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures.some((failure) => failure.includes('exception'))).toBe(true);
    expect(failures.some((failure) => failure.includes('KeyError'))).toBe(true);
  });

  it('returns promises for async policies', async () => {
    const asyncFlaky = definePolicy({ name: 'async_flaky' }, async () =>
      Math.random() < 2 ? PAUSE('x', { metadata: { n: Math.random() } }) : ALLOW,
    );
    const pending = validator.validateDeterminism(asyncFlaky);
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toThrow("Policy 'async_flaky' is non-deterministic");
  });

  it('awaits async policies', async () => {
    const asyncGood = definePolicy({ name: 'async_good' }, async () => ALLOW);
    await expect(validator.runAllChecks(asyncGood)).resolves.toEqual([]);
    const asyncBroken = definePolicy({ name: 'async_broken' }, async () => {
      throw new TypeError('bad');
    });
    await expect(validator.validateExceptionSafety(asyncBroken)).rejects.toThrow("It raised 'TypeError: bad'");
  });

  it('uses the given default context', async () => {
    const seen: PolicyContext[] = [];
    const recording = definePolicy({ name: 'recording' }, (ctx) => {
      seen.push(ctx);
      return ALLOW;
    });
    const defaultContext = createContext({ userId: 'custom', agentId: 'custom-agent', metadata: { role: 'admin' } });
    new PolicyValidator({ defaultContext }).validateDeterminism(recording);
    expect(seen.every((ctx) => ctx === defaultContext)).toBe(true);
  });

  it('raises coded PolicyValidationError', async () => {
    let error: unknown;
    try {
      validator.validateExceptionSafety(fragile);
    } catch (thrown) {
      error = thrown;
    }
    expect(PolicyValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'POLICY_VALIDATION_FAILED', check: 'exceptionSafety' });
  });
});
