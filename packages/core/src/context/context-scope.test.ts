import { contextScope, createContext, getCurrentContext, withMetadata } from '..';
import type { PolicyContext } from '..';
import type * as core from '..';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ambient policy context', () => {
  it('is undefined outside any scope', () => {
    expect(getCurrentContext()).toBeUndefined();
  });

  it('holds across await and setTimeout inside a scope', async () => {
    const ctx = createContext({ userId: 'u1', agentId: 'a1' });
    await contextScope(ctx, async () => {
      expect(getCurrentContext()).toBe(ctx);
      await delay(5);
      expect(getCurrentContext()).toBe(ctx);
      const fromTimer = await new Promise<PolicyContext | undefined>((resolve) =>
        setTimeout(() => resolve(getCurrentContext()), 1),
      );
      expect(fromTimer).toBe(ctx);
    });
    expect(getCurrentContext()).toBeUndefined();
  });

  it('keeps 50 concurrent Promise.all branches apart', async () => {
    const seen = await Promise.all(
      Array.from({ length: 50 }, (_, index) => {
        const ctx = createContext({ userId: `user-${index}`, agentId: 'agent' });
        return contextScope(ctx, async () => {
          await delay((index * 7) % 11);
          const first = getCurrentContext()?.userId;
          await delay((index * 3) % 5);
          return [first, getCurrentContext()?.userId];
        });
      }),
    );
    seen.forEach(([first, second], index) => {
      expect(first).toBe(`user-${index}`);
      expect(second).toBe(`user-${index}`);
    });
  });

  it('restores the outer context after a nested scope, also when it throws', () => {
    const outer = createContext({ userId: 'outer', agentId: 'a' });
    const inner = createContext({ userId: 'inner', agentId: 'a' });
    contextScope(outer, () => {
      contextScope(inner, () => expect(getCurrentContext()).toBe(inner));
      expect(getCurrentContext()).toBe(outer);
      expect(() =>
        contextScope(inner, () => {
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(getCurrentContext()).toBe(outer);
    });
  });

  it('returns the value of the scoped function', async () => {
    const ctx = createContext({ userId: 'u', agentId: 'a' });
    expect(contextScope(ctx, () => 42)).toBe(42);
    await expect(contextScope(ctx, async () => 'done')).resolves.toBe('done');
  });

  it('shares the scope with a second copy of the package', async () => {
    const ctx = createContext({ userId: 'u', agentId: 'a' });
    let copy!: typeof core;
    await jest.isolateModulesAsync(async () => {
      copy = await import('..');
    });
    contextScope(ctx, () => expect(copy.getCurrentContext()).toBe(ctx));
    expect(withMetadata(ctx, {}).userId).toBe('u');
  });
});
