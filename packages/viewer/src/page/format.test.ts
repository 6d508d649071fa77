import { isSafeHref } from './dom';
import { epochMsToLocalInput, formatCost, formatDuration, formatTokens, localInputToEpochMs } from './format';

describe('formatting', () => {
  it('formats durations across units', () => {
    expect([0.25, 12.34, 450, 4210, 185_000, undefined].map(formatDuration)).toEqual([
      '250 µs',
      '12.3 ms',
      '450 ms',
      '4.21 s',
      '3 m 05 s',
      '—',
    ]);
  });

  it('formats cost and tokens', () => {
    expect([undefined, 0.0021, 1.5].map(formatCost)).toEqual(['—', '$0.0021', '$1.50']);
    expect([0, 12345].map(formatTokens)).toEqual(['—', '12,345']);
  });

  it('converts datetime-local values to epoch ms and back', () => {
    const ms = localInputToEpochMs('2025-03-04T05:06');
    expect(epochMsToLocalInput(ms)).toBe('2025-03-04T05:06');
    expect(localInputToEpochMs('')).toBeUndefined();
    expect(epochMsToLocalInput('soon')).toBe('');
  });
});

describe('isSafeHref', () => {
  it('allows only the page’s own hash routes', () => {
    expect(isSafeHref('#/traces/0123456789abcdef0123456789abcdef')).toBe(true);
    expect(isSafeHref('#/traces?status=ERROR&attr=a%3Db')).toBe(true);
    for (const href of [
      'javascript:alert(1)',
      'https://example.com/',
      '//example.com',
      '#/x"onmouseover=1',
      'data:text/html,x',
    ])
      expect(isSafeHref(href)).toBe(false);
  });
});
