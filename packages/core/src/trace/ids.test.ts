import { generateSpanId, generateTraceId, isValidSpanId, isValidTraceId, nowNs, toEpochNs } from '..';

describe('W3C ids', () => {
  it('generates 32-hex trace ids and 16-hex span ids, all distinct', () => {
    const traceIds = new Set(Array.from({ length: 5000 }, generateTraceId));
    const spanIds = new Set(Array.from({ length: 5000 }, generateSpanId));
    expect(traceIds.size).toBe(5000);
    expect(spanIds.size).toBe(5000);
    for (const id of traceIds) expect(isValidTraceId(id)).toBe(true);
    for (const id of spanIds) expect(isValidSpanId(id)).toBe(true);
  });

  it('validates ids', () => {
    expect(isValidTraceId('0'.repeat(32))).toBe(false);
    expect(isValidTraceId('A'.repeat(32))).toBe(false);
    expect(isValidTraceId('a'.repeat(31))).toBe(false);
    expect(isValidSpanId('0'.repeat(16))).toBe(false);
    expect(isValidSpanId('0123456789abcdef')).toBe(true);
    expect(isValidSpanId(123)).toBe(false);
  });
});

describe('clock', () => {
  it('gives wall-clock nanoseconds that increase', () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    const first = nowNs();
    const second = nowNs();
    expect(second).toBeGreaterThanOrEqual(first);
    expect(first - before).toBeLessThan(5_000_000_000n);
    expect(first - before).toBeGreaterThan(-5_000_000_000n);
    expect(toEpochNs(new Date(1_500))).toBe(1_500_000_000n);
    expect(toEpochNs(2)).toBe(2_000_000n);
  });
});
