import { contextScope } from '@clearstone/core';
import { PolicyEngine } from '@clearstone/policy';
import { blockDangerousToolsPolicy, redactPiiPolicy, tokenLimitPolicy } from '@clearstone/policy/builtins';
import { createAgent } from 'langchain';
import { clearstoneMiddleware, getPolicyViolation } from '../src/middleware';
import { answer, ask, createTools, rejection, scriptedModel, toolCallMessage, usage, userContext } from './fixtures';

describe('clearstoneMiddleware with the prebuilt policies', () => {
  it('blocks delete_database with blockDangerousToolsPolicy; the tool never runs', async () => {
    const tools = createTools();
    const engine = new PolicyEngine({ policies: [blockDangerousToolsPolicy()] });
    const model = scriptedModel(toolCallMessage('delete_database', { name: 'prod' }, 'call_drop'), answer('done'));
    const agent = createAgent({ model, tools: tools.all, middleware: [clearstoneMiddleware({ engine })] });
    const error = await rejection(contextScope(userContext('admin'), () => agent.invoke(ask('drop prod'))));
    expect(getPolicyViolation(error)?.decision.reason).toBe("Dangerous tool blocked: 'delete_database'");
    expect(tools.calls).toEqual([]);
  });

  it('blocks the third model call with tokenLimitPolicy once reported usage passes the limit', async () => {
    const tools = createTools();
    const engine = new PolicyEngine({ policies: [tokenLimitPolicy({ tokenLimit: 100 })] });
    const model = scriptedModel(
      toolCallMessage('search', { query: 'a' }, 'c1', usage(40, 20)),
      toolCallMessage('search', { query: 'b' }, 'c2', usage(40, 20)),
      answer('never reached'),
    );
    const agent = createAgent({ model, tools: tools.all, middleware: [clearstoneMiddleware({ engine })] });
    const error = await rejection(contextScope(userContext('analyst'), () => agent.invoke(ask('research'))));
    expect(getPolicyViolation(error)?.decision.reason).toBe('Token limit exceeded: 120 > 100');
    expect(model.callCount).toBe(2);
    expect(tools.calls.map((call) => call.tool)).toEqual(['search']);
  });

  it('redacts an email and a card number with redactPiiPolicy and the default redactor', async () => {
    const tools = createTools();
    const engine = new PolicyEngine({ policies: [redactPiiPolicy({ detectTypes: ['email', 'credit_card'] })] });
    const model = scriptedModel(
      toolCallMessage(
        'send_email',
        { to: 'ops@example.com', body: 'Card 4111 1111 1111 1111 belongs to jane@example.com' },
        'c1',
      ),
      answer('sent'),
    );
    const agent = createAgent({ model, tools: tools.all, middleware: [clearstoneMiddleware({ engine })] });
    await contextScope(userContext('analyst'), () => agent.invoke(ask('email it')));
    const sent = JSON.stringify(tools.calls[0].args);
    expect(sent).not.toContain('4111 1111 1111 1111');
    expect(sent).not.toContain('jane@example.com');
    const seenByModel = JSON.stringify(model.calls[1].messages.map((message: { content: unknown }) => message.content));
    expect(seenByModel).not.toContain('4111 1111 1111 1111');
    expect(seenByModel).not.toContain('jane@example.com');
  });
});
