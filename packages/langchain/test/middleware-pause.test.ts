import { ALLOW, PAUSE, PolicyPauseError, contextScope, type PolicyContext } from '@clearstone/core';
import { InterventionClient, PolicyEngine, definePolicy } from '@clearstone/policy';
import { MemorySaver, Command } from '@langchain/langgraph';
import { createAgent } from 'langchain';
import { clearstoneMiddleware, getPolicyPause, getPolicyViolation, isPolicyViolation } from '../src/middleware';
import { answer, ask, createTools, rejection, scriptedModel, toolCallMessage, userContext } from './fixtures';

const approveEmails = definePolicy({ name: 'approve_emails', priority: 50 }, (ctx: PolicyContext) =>
  ctx.metadata.toolName === 'send_email'
    ? PAUSE(`Sending email to ${String((ctx.metadata.toolInput as { to?: string })?.to)} needs approval`)
    : ALLOW,
);

function emailAgent(
  options: { interventions?: InterventionClient; approvalTimeoutMs?: number; checkpointer?: MemorySaver } = {},
) {
  const tools = createTools();
  const model = scriptedModel(
    toolCallMessage('send_email', { to: 'ceo@example.com', body: 'hi' }, 'call_mail'),
    answer('Sent.'),
  );
  const middleware = clearstoneMiddleware({
    engine: new PolicyEngine({ policies: [approveEmails] }),
    interventions: options.interventions,
    approvalTimeoutMs: options.approvalTimeoutMs,
  });
  const agent = createAgent({ model, tools: tools.all, middleware: [middleware], checkpointer: options.checkpointer });
  return { agent, tools, model };
}

/** Decides the first pending intervention as soon as it appears. */
function decideWhenPending(client: InterventionClient, approve: boolean): Promise<string> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const pending = client.list({ status: 'pending' })[0];
      if (!pending) return;
      clearInterval(timer);
      if (approve) client.approve(pending.id, { by: 'test' });
      else client.reject(pending.id, { by: 'test' });
      resolve(pending.id);
    }, 5);
  });
}

describe('clearstoneMiddleware PAUSE', () => {
  it('waits on the InterventionClient: approved → the tool runs', async () => {
    const interventions = new InterventionClient({ terminal: false, pollIntervalMs: 10 });
    const { agent, tools } = emailAgent({ interventions });
    const decided = decideWhenPending(interventions, true);
    const result = await contextScope(userContext('admin'), () => agent.invoke(ask('email the ceo')));
    expect(await decided).toMatch(/^intervention_/);
    expect(tools.calls).toEqual([{ tool: 'send_email', args: { to: 'ceo@example.com', body: 'hi' } }]);
    expect(result.messages.at(-1)!.content).toBe('Sent.');
  });

  it('rejected → blocked: invoke rejects with a PolicyViolationError and the tool never runs', async () => {
    const interventions = new InterventionClient({ terminal: false, pollIntervalMs: 10 });
    const { agent, tools } = emailAgent({ interventions });
    const decided = decideWhenPending(interventions, false);
    const error = await rejection(contextScope(userContext('admin'), () => agent.invoke(ask('email the ceo'))));
    const id = await decided;
    expect(isPolicyViolation(error)).toBe(true);
    expect(getPolicyViolation(error)!.message).toContain(`Intervention ${id} was not approved`);
    expect(getPolicyViolation(error)!.message).toContain('Sending email to ceo@example.com needs approval');
    expect(tools.calls).toEqual([]);
  });

  it('timed out → blocked', async () => {
    const interventions = new InterventionClient({ terminal: false, pollIntervalMs: 10 });
    const { agent, tools } = emailAgent({ interventions, approvalTimeoutMs: 50 });
    const error = await rejection(contextScope(userContext('admin'), () => agent.invoke(ask('email the ceo'))));
    expect(isPolicyViolation(error)).toBe(true);
    expect(tools.calls).toEqual([]);
    expect(interventions.list({ status: 'pending' })).toHaveLength(1);
  });

  it('without a channel or checkpointer, invoke rejects with PolicyPauseError', async () => {
    const { agent, tools } = emailAgent();
    const error = await rejection(contextScope(userContext('admin'), () => agent.invoke(ask('email the ceo'))));
    const pause = getPolicyPause(error);
    expect(PolicyPauseError.isInstance(pause)).toBe(true);
    expect(pause!.interventionId).toMatch(/^intervention_/);
    expect(tools.calls).toEqual([]);
  });

  it('with a checkpointer, interrupts and resumes with Command({ resume })', async () => {
    const { agent, tools, model } = emailAgent({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: 'thread-approve' } };
    const first = await contextScope(userContext('admin'), () => agent.invoke(ask('email the ceo'), config));
    const interrupts = (first as { __interrupt__?: Array<{ value: Record<string, unknown> }> }).__interrupt__!;
    expect(interrupts).toHaveLength(1);
    expect(interrupts[0].value).toMatchObject({
      type: 'clearstone.policy.approval',
      eventType: 'tool_call',
      toolName: 'send_email',
      toolCallId: 'call_mail',
      toolInput: { to: 'ceo@example.com', body: 'hi' },
      policyName: 'approve_emails',
      reason: 'Sending email to ceo@example.com needs approval',
    });
    expect(tools.calls).toEqual([]);
    const resumed = await contextScope(userContext('admin'), () =>
      agent.invoke(new Command({ resume: { approved: true } }), config),
    );
    expect(tools.calls).toHaveLength(1);
    expect(resumed.messages.at(-1)!.content).toBe('Sent.');
    expect(model.callCount).toBe(2);
  });

  it('with a checkpointer, a rejected resume blocks the tool', async () => {
    const { agent, tools } = emailAgent({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: 'thread-reject' } };
    await contextScope(userContext('admin'), () => agent.invoke(ask('email the ceo'), config));
    const error = await rejection(
      contextScope(userContext('admin'), () =>
        agent.invoke(new Command({ resume: { approved: false, reason: 'not today' } }), config),
      ),
    );
    expect(getPolicyViolation(error)!.message).toContain('not today');
    expect(tools.calls).toEqual([]);
  });
});
