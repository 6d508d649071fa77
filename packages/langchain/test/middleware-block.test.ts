import { ActionType, PolicyViolationError, contextScope } from '@clearstone/core';
import { PolicyEngine } from '@clearstone/policy';
import { ToolMessage } from '@langchain/core/messages';
import { createAgent } from 'langchain';
import { clearstoneMiddleware, getPolicyViolation, isPolicyViolation } from '../src/middleware';
import {
  answer,
  ask,
  rejection,
  blockAdminToolsForGuests,
  createTools,
  scriptedModel,
  toolCallMessage,
  userContext,
} from './fixtures';

function rbacAgent(onBlock?: 'throw' | 'tool-message') {
  const tools = createTools();
  const engine = new PolicyEngine({ policies: [blockAdminToolsForGuests] });
  const model = scriptedModel(
    toolCallMessage('admin_panel', { action: 'reset_passwords' }, 'call_admin'),
    answer('Done.'),
  );
  const agent = createAgent({ model, tools: tools.all, middleware: [clearstoneMiddleware({ engine, onBlock })] });
  return { agent, tools, model, engine };
}

describe('clearstoneMiddleware BLOCK', () => {
  it("blocks a guest's admin_panel call: invoke rejects and the tool never runs", async () => {
    const { agent, tools, model } = rbacAgent();
    const error = await rejection(contextScope(userContext('guest'), () => agent.invoke(ask('reset all passwords'))));
    expect(isPolicyViolation(error)).toBe(true);
    const violation = getPolicyViolation(error)!;
    expect(PolicyViolationError.isInstance(violation)).toBe(true);
    expect(PolicyViolationError.isInstance((error as { cause?: unknown }).cause)).toBe(true);
    expect(violation.decision.action).toBe(ActionType.BLOCK);
    expect(violation.message).toBe(
      "Policy blocked tool call 'admin_panel': Role 'guest' is not authorized to access 'admin_panel'.",
    );
    expect(violation.decision.metadata.policyName).toBe('block_admin_tools_for_guests');
    expect(tools.calls).toEqual([]);
    expect(model.callCount).toBe(1);
  });

  it("lets the admin's admin_panel call through", async () => {
    const { agent, tools, model } = rbacAgent();
    const result = await contextScope(userContext('admin'), () => agent.invoke(ask('reset all passwords')));
    expect(tools.calls).toEqual([{ tool: 'admin_panel', args: { action: 'reset_passwords' } }]);
    expect(result.messages.map((message: { getType(): string }) => message.getType())).toEqual([
      'human',
      'ai',
      'tool',
      'ai',
    ]);
    expect(result.messages[2].content).toBe('admin panel: reset_passwords done');
    expect(model.callCount).toBe(2);
  });

  it("onBlock 'tool-message' feeds the block back to the model and the run goes on", async () => {
    const { agent, tools, model } = rbacAgent('tool-message');
    const result = await contextScope(userContext('guest'), () => agent.invoke(ask('reset all passwords')));
    expect(tools.calls).toEqual([]);
    const toolMessage = result.messages[2] as ToolMessage;
    expect(ToolMessage.isInstance(toolMessage)).toBe(true);
    expect(toolMessage.status).toBe('error');
    expect(toolMessage.tool_call_id).toBe('call_admin');
    expect(toolMessage.content).toContain("Role 'guest' is not authorized to access 'admin_panel'.");
    expect(model.callCount).toBe(2);
    expect(model.calls[1].messages.at(-1)!.content).toContain('block_admin_tools_for_guests');
  });

  it('uses the configured context when none is ambient, and the ambient one when present', async () => {
    const tools = createTools();
    const engine = new PolicyEngine({ policies: [blockAdminToolsForGuests] });
    const model = scriptedModel(
      toolCallMessage('admin_panel', { action: 'x' }, 'c1'),
      toolCallMessage('admin_panel', { action: 'y' }, 'c2'),
      answer('ok'),
    );
    const agent = createAgent({
      model,
      tools: tools.all,
      middleware: [clearstoneMiddleware({ engine, context: userContext('guest') })],
    });
    expect(isPolicyViolation(await rejection(agent.invoke(ask('go'))))).toBe(true);
    await contextScope(userContext('admin'), () => agent.invoke(ask('go')));
    expect(tools.calls).toEqual([{ tool: 'admin_panel', args: { action: 'y' } }]);
  });

  it('rejects with a clear NO_CONTEXT error when there is no context at all', async () => {
    const { agent, tools } = rbacAgent();
    await expect(agent.invoke(ask('go'))).rejects.toMatchObject({ cause: { code: 'NO_CONTEXT' } });
    expect(tools.calls).toEqual([]);
  });
});
