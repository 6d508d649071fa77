import {
  ClearstoneError,
  InvalidArgumentError,
  PolicyPauseError,
  PolicyViolationError,
  SerializationError,
  BLOCK,
  PAUSE,
} from '..';
import type * as core from '..';

describe('error family', () => {
  it('carries a code, a name and a cause', () => {
    const cause = new Error('root');
    const error = new ClearstoneError({ message: 'failed', code: 'SOMETHING', cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('SOMETHING');
    expect(error.message).toBe('failed');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('ClearstoneError');
  });

  it('PolicyViolationError and PolicyPauseError keep their decision', () => {
    const block = BLOCK('nope');
    const violation = new PolicyViolationError({ message: 'blocked: nope', decision: block });
    expect(violation.code).toBe('POLICY_VIOLATION');
    expect(violation.decision).toBe(block);
    const pause = PAUSE('wait', { interventionId: 'iv-7' });
    const paused = new PolicyPauseError({ message: 'paused', decision: pause });
    expect(paused.code).toBe('POLICY_PAUSE');
    expect(paused.interventionId).toBe('iv-7');
  });

  it('isInstance recognises each kind and only its own kind', () => {
    const violation = new PolicyViolationError({ message: 'x', decision: BLOCK('x') });
    const pause = new PolicyPauseError({ message: 'x', decision: PAUSE('x') });
    const invalid = new InvalidArgumentError({ message: 'x' });
    const serialization = new SerializationError({ message: 'x', code: 'UNKNOWN_TYPE_TAG' });
    for (const error of [violation, pause, invalid, serialization])
      expect(ClearstoneError.isInstance(error)).toBe(true);
    expect(PolicyViolationError.isInstance(violation)).toBe(true);
    expect(PolicyViolationError.isInstance(pause)).toBe(false);
    expect(PolicyPauseError.isInstance(pause)).toBe(true);
    expect(PolicyPauseError.isInstance(violation)).toBe(false);
    expect(InvalidArgumentError.isInstance(serialization)).toBe(false);
    expect(SerializationError.isInstance(serialization)).toBe(true);
    expect(ClearstoneError.isInstance(new Error('plain'))).toBe(false);
    expect(ClearstoneError.isInstance(null)).toBe(false);
    expect(ClearstoneError.isInstance('POLICY_VIOLATION')).toBe(false);
  });

  it('isInstance works across two copies of the package (duplicate install)', async () => {
    let copy!: typeof core;
    await jest.isolateModulesAsync(async () => {
      copy = await import('..');
    });
    expect(copy.PolicyViolationError).not.toBe(PolicyViolationError);
    const foreign = new copy.PolicyViolationError({ message: 'x', decision: copy.BLOCK('x') });
    expect(foreign).not.toBeInstanceOf(PolicyViolationError);
    expect(PolicyViolationError.isInstance(foreign)).toBe(true);
    expect(ClearstoneError.isInstance(foreign)).toBe(true);
    expect(PolicyPauseError.isInstance(foreign)).toBe(false);
    expect(copy.PolicyViolationError.isInstance(new PolicyViolationError({ message: 'y', decision: BLOCK('y') }))).toBe(
      true,
    );
  });
});
