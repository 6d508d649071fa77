import { activeSpanLocation } from '@clearstone/core';
import { TracerProvider } from '../index';
import { locateActiveSpan } from './active-span-locator';
import { withActiveSpan } from './active-span';

describe('the active-span locator installed in @clearstone/core', () => {
  it('reports the span of tracer.span, across await, and nothing outside it', async () => {
    const provider = new TracerProvider({ dbPath: ':memory:' });
    const tracer = provider.getTracer('locator-test');
    try {
      expect(activeSpanLocation()).toBeUndefined();
      const seen = await tracer.span('outer', async (outer) => {
        const before = activeSpanLocation();
        await new Promise((resolve) => setTimeout(resolve, 1));
        const inner = tracer.span('inner', (span) => ({ location: activeSpanLocation(), spanId: span.spanId }));
        return { outer, before, after: activeSpanLocation(), inner };
      });
      expect(seen.before).toEqual({ traceId: seen.outer.traceId, spanId: seen.outer.spanId });
      expect(seen.after).toEqual(seen.before);
      expect(seen.inner.location).toEqual({ traceId: seen.outer.traceId, spanId: seen.inner.spanId });
      expect(activeSpanLocation()).toBeUndefined();
    } finally {
      await provider.shutdown();
    }
  });

  it('reports a remote parent made active with withActiveSpan', () => {
    const remote = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', isRemote: true };
    expect(withActiveSpan(remote, () => locateActiveSpan())).toEqual({
      traceId: remote.traceId,
      spanId: remote.spanId,
    });
  });
});
