import { activeSpanLocation, setActiveSpanLocator } from './active-span-hook';

afterEach(() => setActiveSpanLocator(undefined));

describe('active span hook', () => {
  it('answers undefined until a locator is installed, then what it reports', () => {
    expect(activeSpanLocation()).toBeUndefined();
    setActiveSpanLocator(() => ({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }));
    expect(activeSpanLocation()).toEqual({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) });
    setActiveSpanLocator(undefined);
    expect(activeSpanLocation()).toBeUndefined();
  });

  it('never throws: a failing or malformed locator counts as no span', () => {
    setActiveSpanLocator(() => {
      throw new Error('broken');
    });
    expect(activeSpanLocation()).toBeUndefined();
    setActiveSpanLocator(() => ({ traceId: 1 }) as never);
    expect(activeSpanLocation()).toBeUndefined();
    expect(() => setActiveSpanLocator('nope' as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('is shared through a global symbol, so duplicate installs of the package see one hook', () => {
    const shared = (globalThis as Record<symbol, { locator?: unknown }>)[
      Symbol.for('clearstone.core.active-span-locator')
    ];
    const locator = () => ({ traceId: 'c'.repeat(32), spanId: 'd'.repeat(16) });
    setActiveSpanLocator(locator);
    expect(shared.locator).toBe(locator);
  });
});
