import {
  ALERT,
  ALLOW,
  ActionType,
  BLOCK,
  type InvalidArgumentError,
  PAUSE,
  REDACT,
  SKIP,
  getRedactionSpec,
  isDecision,
} from '..';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as InvalidArgumentError).code;
  }
  return undefined;
}

describe('decisions', () => {
  it('has frozen ALLOW and SKIP singletons', () => {
    expect(ALLOW.action).toBe(ActionType.ALLOW);
    expect(SKIP.action).toBe(ActionType.SKIP);
    expect(Object.isFrozen(ALLOW)).toBe(true);
    expect(Object.isFrozen(ALLOW.metadata)).toBe(true);
    expect(() => {
      (ALLOW as { action: ActionType }).action = ActionType.BLOCK;
    }).toThrow(TypeError);
  });

  it('uses the lowercase string values of the original', () => {
    expect(Object.values(ActionType)).toEqual(['allow', 'block', 'pause', 'alert', 'redact', 'skip']);
  });

  it('BLOCK keeps reason and metadata and is frozen', () => {
    const decision = BLOCK('Too many tokens', { code: 429 });
    expect(decision).toEqual({ action: 'block', reason: 'Too many tokens', metadata: { code: 429 } });
    expect(Object.isFrozen(decision)).toBe(true);
    expect(Object.isFrozen(decision.metadata)).toBe(true);
  });

  it.each(['', '   ', undefined, null, 42])('BLOCK(%p) throws INVALID_ARGUMENT', (reason) => {
    expect(() => BLOCK(reason as never)).toThrow('BLOCK requires a non-empty string reason');
    expect(codeOf(() => BLOCK(reason as never))).toBe('INVALID_ARGUMENT');
  });

  it('ALERT requires a reason', () => {
    expect(ALERT('High cost', { cost: 3 })).toEqual({ action: 'alert', reason: 'High cost', metadata: { cost: 3 } });
    expect(codeOf(() => ALERT(''))).toBe('INVALID_ARGUMENT');
  });

  it('PAUSE always carries an intervention id', () => {
    const generated = PAUSE('Needs approval');
    expect(generated.action).toBe(ActionType.PAUSE);
    expect(generated.metadata.interventionId).toMatch(/^intervention_[0-9a-f]{32}$/);
    expect(PAUSE('Needs approval').metadata.interventionId).not.toBe(generated.metadata.interventionId);
    const custom = PAUSE('Needs approval', { interventionId: 'iv-1', metadata: { amount: 5000 } });
    expect(custom.metadata).toEqual({ amount: 5000, interventionId: 'iv-1' });
    expect(PAUSE('x', { interventionId: '' }).metadata.interventionId).toMatch(/^intervention_/);
    expect(codeOf(() => PAUSE(''))).toBe('INVALID_ARGUMENT');
  });

  it('REDACT needs something to redact', () => {
    expect(codeOf(() => REDACT({}))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => REDACT({ fields: [] }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => REDACT({ fields: [''] }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => REDACT({ patterns: ['x' as never] }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => REDACT(undefined as never))).toBe('INVALID_ARGUMENT');
    const decision = REDACT({
      reason: 'PII',
      fields: ['ssn'],
      patterns: [/\d{4}/],
      entities: ['email'],
      metadata: { source: 'x' },
    });
    expect(decision.action).toBe(ActionType.REDACT);
    expect(decision.reason).toBe('PII');
    expect(getRedactionSpec(decision)).toEqual({ fields: ['ssn'], patterns: [/\d{4}/], entities: ['email'] });
    expect(decision.metadata.source).toBe('x');
  });

  it('does not alias the metadata object given by the caller', () => {
    const metadata = { list: [1] };
    const decision = BLOCK('x', metadata);
    metadata.list.push(2);
    expect(decision.metadata.list).toEqual([1]);
  });

  it('isDecision recognises decisions and rejects look-alikes', () => {
    expect(isDecision(ALLOW)).toBe(true);
    expect(isDecision(BLOCK('x'))).toBe(true);
    expect(isDecision({ action: 'block', metadata: {} })).toBe(true);
    expect(isDecision({ action: 'nuke', metadata: {} })).toBe(false);
    expect(isDecision({ action: 'allow' })).toBe(false);
    expect(isDecision(undefined)).toBe(false);
    expect(isDecision(Promise.resolve(ALLOW))).toBe(false);
  });
});
