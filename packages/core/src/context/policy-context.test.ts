import { ClearstoneError, InvalidArgumentError, createContext, withMetadata } from '..';

describe('createContext', () => {
  it('stores ids and metadata and generates session and request ids', () => {
    const ctx = createContext({ userId: 'u1', agentId: 'a1', metadata: { userRole: 'admin', limits: { tokens: 10 } } });
    expect(ctx.userId).toBe('u1');
    expect(ctx.agentId).toBe('a1');
    expect(ctx.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ctx.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ctx.requestId).not.toBe(ctx.sessionId);
    expect(ctx.timestamp).toBeInstanceOf(Date);
    expect(ctx.metadata).toEqual({ userRole: 'admin', limits: { tokens: 10 } });
  });

  it('keeps a given session id', () => {
    expect(createContext({ userId: 'u', agentId: 'a', sessionId: 's-1' }).sessionId).toBe('s-1');
  });

  it('is deeply frozen, nested metadata included', () => {
    const ctx = createContext({ userId: 'u', agentId: 'a', metadata: { nested: { list: [1, { deep: true }] } } });
    expect(Object.isFrozen(ctx)).toBe(true);
    expect(Object.isFrozen(ctx.metadata)).toBe(true);
    const nested = ctx.metadata.nested as { list: [number, { deep: boolean }] };
    expect(Object.isFrozen(nested)).toBe(true);
    expect(Object.isFrozen(nested.list)).toBe(true);
    expect(Object.isFrozen(nested.list[1])).toBe(true);
    expect(() => {
      (ctx as { userId: string }).userId = 'x';
    }).toThrow(TypeError);
    expect(() => {
      nested.list[1].deep = false;
    }).toThrow(TypeError);
  });

  it('freezes its timestamp and Dates, Maps and Sets in metadata, without touching the caller’s', () => {
    const due = new Date('2026-12-01T00:00:00Z');
    const limits = new Map<string, { max: number }>([['tokens', { max: 1000 }]]);
    const roles = new Set(['member']);
    const ctx = createContext({ userId: 'u', agentId: 'a', metadata: { due, limits, roles } });
    const time = ctx.timestamp.getTime();
    expect(() => ctx.timestamp.setTime(0)).toThrow(TypeError);
    expect(() => ctx.timestamp.setFullYear(1999)).toThrow(TypeError);
    expect(ctx.timestamp.getTime()).toBe(time);
    expect(ctx.timestamp).toBeInstanceOf(Date);
    expect(ctx.timestamp.toISOString()).toMatch(/^\d{4}-/);

    const frozenDue = ctx.metadata.due as Date;
    const frozenLimits = ctx.metadata.limits as Map<string, { max: number }>;
    const frozenRoles = ctx.metadata.roles as Set<string>;
    expect(() => frozenDue.setUTCHours(5)).toThrow(TypeError);
    expect(() => frozenLimits.set('cost', { max: 1 })).toThrow(TypeError);
    expect(() => frozenLimits.delete('tokens')).toThrow(TypeError);
    expect(() => frozenLimits.clear()).toThrow(TypeError);
    expect(() => {
      frozenLimits.get('tokens')!.max = 5;
    }).toThrow(TypeError);
    expect(() => frozenRoles.add('admin')).toThrow(TypeError);
    expect(() => frozenRoles.clear()).toThrow(TypeError);
    expect(frozenLimits).toBeInstanceOf(Map);
    expect([...frozenLimits]).toEqual([['tokens', { max: 1000 }]]);
    expect(frozenRoles.has('member')).toBe(true);

    // The caller's objects stay theirs, and changing them does not reach the context.
    due.setUTCFullYear(2030);
    limits.set('cost', { max: 2 });
    roles.add('admin');
    expect(frozenDue.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(frozenLimits.has('cost')).toBe(false);
    expect(frozenRoles.has('admin')).toBe(false);

    const derived = withMetadata(ctx, { step: 2 });
    expect(() => derived.timestamp.setTime(0)).toThrow(TypeError);
    expect(() => (derived.metadata.limits as Map<string, unknown>).set('x', 1)).toThrow(TypeError);
  });

  it('does not freeze or alias the caller’s objects', () => {
    const metadata = { settings: { mode: 'a' } };
    const ctx = createContext({ userId: 'u', agentId: 'a', metadata });
    expect(Object.isFrozen(metadata.settings)).toBe(false);
    metadata.settings.mode = 'b';
    expect((ctx.metadata.settings as { mode: string }).mode).toBe('a');
  });

  it('keeps cyclic metadata without recursing forever', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const ctx = createContext({ userId: 'u', agentId: 'a', metadata: { cyclic } });
    const copy = ctx.metadata.cyclic as Record<string, unknown>;
    expect(copy.self).toBe(copy);
  });

  it.each([
    [{ userId: '', agentId: 'a' }, 'userId'],
    [{ userId: 'u', agentId: '' }, 'agentId'],
    [{ userId: 42, agentId: 'a' }, 'userId'],
    [{ userId: 'u', agentId: 'a', metadata: 'role=admin' }, 'metadata'],
    [{ userId: 'u', agentId: 'a', metadata: [1, 2] }, 'metadata'],
  ])('rejects bad input %p with a coded error', (init, argument) => {
    const attempt = () => createContext(init as never);
    expect(attempt).toThrow(InvalidArgumentError);
    try {
      attempt();
    } catch (error) {
      expect(ClearstoneError.isInstance(error)).toBe(true);
      expect((error as InvalidArgumentError).code).toBe('INVALID_ARGUMENT');
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
  });
});

describe('withMetadata', () => {
  it('returns a new frozen context with the same ids and merged metadata', () => {
    const ctx = createContext({ userId: 'u', agentId: 'a', metadata: { userRole: 'guest', tokensUsed: 1 } });
    const next = withMetadata(ctx, { toolName: 'search', tokensUsed: 5 });
    expect(next).not.toBe(ctx);
    expect(next.requestId).toBe(ctx.requestId);
    expect(next.sessionId).toBe(ctx.sessionId);
    expect(next.metadata).toEqual({ userRole: 'guest', tokensUsed: 5, toolName: 'search' });
    expect(ctx.metadata).toEqual({ userRole: 'guest', tokensUsed: 1 });
    expect(Object.isFrozen(next.metadata)).toBe(true);
  });
});
