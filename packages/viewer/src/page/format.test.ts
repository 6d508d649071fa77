import { isSafeHref } from './dom';
import {
  epochMsToLocalInput,
  formatCost,
  formatCostMarked,
  formatCostParts,
  formatDuration,
  formatTimestamp,
  formatTokens,
  localInputToEpochMs,
  timeZoneName,
} from './format';

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

  it('writes times with their time zone', () => {
    const text = formatTimestamp('1700000000123000000');
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.123 \S+$/);
    expect(text.endsWith(` ${timeZoneName(new Date(1_700_000_000_123))}`)).toBe(true);
    expect(timeZoneName(new Date(0))).not.toBe('');
  });

  it('formats cost and tokens', () => {
    expect([undefined, 0.0021, 1.5].map(formatCost)).toEqual(['—', '$0.0021', '$1.50']);
    expect([0, 12345].map(formatTokens)).toEqual(['—', '12,345']);
  });

  it('breaks a cost down by kind of token and marks costs that are unknown', () => {
    const cost = {
      totalUsd: 0.0306,
      inputUsd: 0.0036,
      cacheReadUsd: 0.006,
      cacheWriteUsd: 0.0135,
      outputUsd: 0.0075,
      reasoningUsd: 0,
    };
    expect(formatCostParts(cost)).toBe('input $0.0036 · cached input $0.0060 · cache write $0.0135 · output $0.0075');
    expect(formatCostParts({ ...cost, cacheReadUsd: 0, cacheWriteUsd: 0, reasoningUsd: 0.002 })).toBe(
      'input $0.0036 · output $0.0075 · reasoning $0.0020',
    );
    expect(formatCostMarked(0.0021, [])).toBe('$0.0021');
    expect(formatCostMarked(0.0021, ['acme-1'])).toBe('$0.0021 + unknown');
    expect(formatCostMarked(undefined, ['acme-1'])).toBe('unknown');
    expect(formatCostMarked(undefined, undefined)).toBe('—');
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
