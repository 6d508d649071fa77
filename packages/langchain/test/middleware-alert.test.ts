import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALERT, ALLOW, ActionType, contextScope, type Decision, type PolicyContext } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';
import { PolicyEngine, definePolicy } from '@clearstone/policy';
import { createAgent } from 'langchain';
import { TracingCallbackHandler, type GovernedEvent } from '../src';
import { clearstoneMiddleware } from '../src/middleware';
import { answer, ask, createTools, scriptedModel, toolCallMessage, userContext } from './fixtures';

const alertOnDelete = definePolicy({ name: 'alert_on_delete', priority: 50 }, (ctx: PolicyContext) =>
  ctx.metadata.toolName === 'delete_database'
    ? ALERT(`Destructive tool '${String(ctx.metadata.toolName)}' used by ${String(ctx.userId)}.`)
    : ALLOW,
);

let dir: string;
let provider: TracerProvider;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clearstone-langchain-alert-'));
  provider = new TracerProvider({ dbPath: join(dir, 'traces.db') });
});

afterEach(async () => {
  await provider.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

function alertingAgent(onAlert: (decision: Decision, event: GovernedEvent) => void) {
  const tools = createTools();
  const model = scriptedModel(
    toolCallMessage('delete_database', { name: 'staging' }, 'call_delete'),
    answer('Dropped staging.'),
  );
  const agent = createAgent({
    model,
    tools: tools.all,
    middleware: [clearstoneMiddleware({ engine: new PolicyEngine({ policies: [alertOnDelete] }), onAlert })],
  });
  return { agent, tools, model };
}

describe('clearstoneMiddleware ALERT', () => {
  it('runs the tool, calls onAlert with the decision and the event, and the run completes', async () => {
    const alerts: Array<{ decision: Decision; event: GovernedEvent }> = [];
    const { agent, tools, model } = alertingAgent((decision, event) => {
      alerts.push({ decision, event });
    });
    const result = await contextScope(userContext('admin'), () => agent.invoke(ask('drop the staging database')));

    expect(tools.calls).toEqual([{ tool: 'delete_database', args: { name: 'staging' } }]);
    expect(result.messages[2].content).toBe('deleted staging');
    expect(result.messages.at(-1)!.content).toBe('Dropped staging.');
    expect(model.callCount).toBe(2);
    expect(alerts).toHaveLength(1);
    const [{ decision, event }] = alerts as [{ decision: Decision; event: GovernedEvent }];
    expect(decision.action).toBe(ActionType.ALERT);
    expect(decision.reason).toBe("Destructive tool 'delete_database' used by user_admin.");
    expect(decision.metadata).toMatchObject({
      policyName: 'alert_on_delete',
      alerts: [{ policy: 'alert_on_delete', reason: "Destructive tool 'delete_database' used by user_admin." }],
    });
    expect(event).toMatchObject({
      eventType: 'tool_call',
      toolName: 'delete_database',
      toolInput: { name: 'staging' },
      toolCallId: 'call_delete',
    });
  });

  it('does not call onAlert for calls no policy alerts on', async () => {
    const onAlert = jest.fn();
    const tools = createTools();
    const model = scriptedModel(toolCallMessage('search', { query: 'weather' }, 'call_search'), answer('Sunny.'));
    const agent = createAgent({
      model,
      tools: tools.all,
      middleware: [clearstoneMiddleware({ engine: new PolicyEngine({ policies: [alertOnDelete] }), onAlert })],
    });
    await contextScope(userContext('admin'), () => agent.invoke(ask('weather?')));
    expect(tools.calls).toEqual([{ tool: 'search', args: { query: 'weather' } }]);
    expect(onAlert).not.toHaveBeenCalled();
  });

  it('a failing onAlert becomes a process warning and the tool still runs', async () => {
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const { agent, tools } = alertingAgent(() => {
        throw new Error('pager down');
      });
      const result = await contextScope(userContext('admin'), () => agent.invoke(ask('drop the staging database')));
      expect(tools.calls).toEqual([{ tool: 'delete_database', args: { name: 'staging' } }]);
      expect(result.messages.at(-1)!.content).toBe('Dropped staging.');
      expect(emitWarning).toHaveBeenCalledWith('Clearstone onAlert handler failed: pager down', 'ClearstoneWarning');
    } finally {
      emitWarning.mockRestore();
    }
  });

  it("records the ALERT once as a clearstone.policy.decision event, and on the tool's span as clearstone.policy.* attributes", async () => {
    const onAlert = jest.fn();
    const { agent, tools } = alertingAgent(onAlert);
    const tracing = new TracingCallbackHandler(provider);
    await contextScope(userContext('admin'), () =>
      agent.invoke(ask('drop the staging database'), { callbacks: [tracing] }),
    );
    await provider.forceFlush();
    expect(tools.calls).toHaveLength(1);
    expect(onAlert).toHaveBeenCalledTimes(1);

    const reason = "Destructive tool 'delete_database' used by user_admin.";
    const [toolSpan] = provider.traceStore.querySpans({ name: 'execute_tool delete_database' });
    expect(toolSpan.status).toBe('OK');
    expect(toolSpan.attributes).toMatchObject({
      'gen_ai.tool.call.id': 'call_delete',
      'clearstone.policy.action': 'alert',
      'clearstone.policy.name': 'alert_on_delete',
      'clearstone.policy.reason': reason,
      'clearstone.policy.event_type': 'tool_call',
      'clearstone.policy.tool_name': 'delete_database',
      'clearstone.policy.tool_call_id': 'call_delete',
      'clearstone.policy.alerts': `alert_on_delete: ${reason}`,
    });
    const trace = provider.traceStore.getTrace(toolSpan.traceId)!;
    const decisionEvents = trace.spans
      .flatMap((span) => span.events)
      .filter(
        (event) =>
          event.name === 'clearstone.policy.decision' &&
          event.attributes['clearstone.policy.event_type'] === 'tool_call',
      );
    expect(decisionEvents).toHaveLength(1);
    expect(decisionEvents[0].attributes).toMatchObject({
      'clearstone.policy.action': 'alert',
      'clearstone.policy.reason': reason,
      'clearstone.policy.tool_call_id': 'call_delete',
    });

    const alerted = provider.traceStore.querySpans({ attributes: { 'clearstone.policy.action': 'alert' } });
    expect(alerted.map((span) => span.name)).toEqual(['execute_tool delete_database']);
    expect(toolSpan.attributes['clearstone.governed.outcome']).toBe('executed');
  });
});
