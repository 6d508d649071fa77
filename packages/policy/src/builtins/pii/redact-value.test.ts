import { REDACT } from '@clearstone/core';
import { redactValue } from './redact-value';

describe('redactValue', () => {
  const input = {
    user: { name: 'Jane', SSN: '536-22-8149', contact: { email: 'jane@example.com' } },
    notes: ['card 4111 1111 1111 1111', { password: 'hunter2' }],
    count: 3,
    when: new Date(0),
  };
  const snapshot = structuredClone(input);

  it('masks fields at any depth, case-insensitively, and detected entities in strings', () => {
    const output = redactValue(input, REDACT({ fields: ['ssn', 'password'], entities: ['email', 'credit_card'] }));
    expect(output).toEqual({
      user: { name: 'Jane', SSN: '[REDACTED]', contact: { email: '[EMAIL]' } },
      notes: ['card [CREDIT_CARD]', { password: '[REDACTED]' }],
      count: 3,
      when: new Date(0),
    });
    expect(output.when).toBe(input.when);
    expect(input).toEqual(snapshot);
  });

  it('removes fields with fieldStyle remove and matches dotted paths as key-path suffixes', () => {
    const output = redactValue(input, { fields: ['contact.email'] }, { fieldStyle: 'remove' });
    expect(output.user.contact).toEqual({});
    expect(output.user.SSN).toBe('536-22-8149');
  });

  it('masks pattern matches in every string, including plain strings', () => {
    expect(redactValue('order ABC-123 and ABC-456', { patterns: [/ABC-\d+/] })).toBe('order [REDACTED] and [REDACTED]');
    expect(redactValue(['x-1', 'y'], { patterns: [/x-\d/y] })).toEqual(['[REDACTED]', 'y']);
  });

  it('accepts entity groups and mask styles, and copies cyclic structures', () => {
    const cyclic: Record<string, unknown> = { key: 'AKIAIOSFODNN7EXAMPLE' };
    cyclic.self = cyclic;
    const output = redactValue(cyclic, { entities: ['secret'] }, { style: 'mask' });
    expect(output.key).toBe('********************');
    expect(output.self).toBe(output);
    expect(cyclic.key).toBe('AKIAIOSFODNN7EXAMPLE');
  });

  it('rejects malformed specs', () => {
    expect(() => redactValue({}, null as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => redactValue({}, { fields: 'ssn' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => redactValue({}, { entities: ['passport'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
