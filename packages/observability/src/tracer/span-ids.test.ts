import { isValidSpanId, isValidTraceId } from '@clearstone/core';
import { newSpanId, newTraceId } from './span-ids';

describe('pooled W3C ids', () => {
  it('are valid, lowercase hex of the right length, and distinct across pool refills', () => {
    const seen = new Set<string>();
    // 20 000 span ids and 5 000 trace ids cross several 64 KiB pool refills.
    for (let index = 0; index < 20_000; index++) {
      const spanId = newSpanId();
      expect(isValidSpanId(spanId)).toBe(true);
      seen.add(spanId);
    }
    for (let index = 0; index < 5_000; index++) {
      const traceId = newTraceId();
      expect(isValidTraceId(traceId)).toBe(true);
      seen.add(traceId);
    }
    expect(seen.size).toBe(25_000);
  });
});
