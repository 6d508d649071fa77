import { BLOCK, PAUSE, PolicyPauseError, PolicyViolationError } from '@clearstone/core';
import { getPolicyPause, getPolicyViolation, isPolicyPause, isPolicyViolation } from './find-policy-error';

describe('policy error helpers', () => {
  const violation = new PolicyViolationError({ message: 'blocked', decision: BLOCK('no') });

  it('recognise the error itself and the one wrapped in cause chains', () => {
    const wrapped = new Error('MiddlewareError', { cause: new Error('outer', { cause: violation }) });
    expect(isPolicyViolation(violation)).toBe(true);
    expect(getPolicyViolation(wrapped)).toBe(violation);
    expect(isPolicyViolation(new Error('other'))).toBe(false);
    expect(isPolicyViolation(undefined)).toBe(false);
  });

  it('tell pauses from violations', () => {
    const pause = new PolicyPauseError({ message: 'paused', decision: PAUSE('wait') });
    expect(isPolicyPause(new Error('x', { cause: pause }))).toBe(true);
    expect(getPolicyPause(violation)).toBeUndefined();
    expect(isPolicyViolation(pause)).toBe(false);
  });
});
