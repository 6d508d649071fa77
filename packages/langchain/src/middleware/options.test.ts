import { InvalidArgumentError } from '@clearstone/core';
import { PolicyEngine } from '@clearstone/policy';
import { clearstoneMiddleware } from './clearstone-middleware';

describe('clearstoneMiddleware options', () => {
  const engine = new PolicyEngine({ policies: [() => ({ action: 'allow', metadata: {} }) as never] });

  it('rejects bad options with InvalidArgumentError naming the option', () => {
    const attempts: Array<[unknown, string]> = [
      [undefined, 'options'],
      [{}, 'engine'],
      [{ engine, onBlock: 'ignore' }, 'onBlock'],
      [{ engine, interventions: {} }, 'interventions'],
      [{ engine, approvalTimeoutMs: 0 }, 'approvalTimeoutMs'],
      [{ engine, onAlert: 'log' }, 'onAlert'],
      [{ engine, prices: { m: { inputPerMillion: 'x', outputPerMillion: 1 } } }, 'prices'],
    ];
    for (const [options, argument] of attempts) {
      let caught: unknown;
      try {
        clearstoneMiddleware(options as never);
      } catch (error) {
        caught = error;
      }
      expect(InvalidArgumentError.isInstance(caught)).toBe(true);
      expect((caught as InvalidArgumentError).argument).toBe(argument);
    }
  });

  it('builds a langchain middleware with both wrap hooks', () => {
    const middleware = clearstoneMiddleware({ engine });
    expect(middleware.name).toBe('ClearstoneMiddleware');
    expect(typeof middleware.wrapToolCall).toBe('function');
    expect(typeof middleware.wrapModelCall).toBe('function');
  });
});
