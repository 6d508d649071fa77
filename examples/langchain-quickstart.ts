// Quickstart as a real LangChain agent: guests may not use the admin panel, admins may.
// The model is an offline fake that asks for the `admin_panel` tool, so this runs without keys.
// Run: node_modules/.bin/tsx examples/langchain-quickstart.ts
import { ALLOW, BLOCK, contextScope, createContext } from '@clearstone/core';
import { PolicyEngine, definePolicy } from '@clearstone/policy';
import { clearstoneMiddleware, getPolicyViolation, isPolicyViolation } from '@clearstone/langchain/middleware';
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { createAgent, tool } from 'langchain';
import { z } from 'zod';

// 1. The policy reads the user's role from the context and the tool name the middleware adds.
const blockAdminToolsForGuests = definePolicy({ name: 'block_admin_tools_for_guests', priority: 100 }, (ctx) => {
  const { userRole, toolName } = ctx.metadata;
  if (userRole === 'guest' && toolName === 'admin_panel')
    return BLOCK(`Role '${String(userRole)}' is not authorized to access '${String(toolName)}'.`);
  return ALLOW;
});
const engine = new PolicyEngine({ policies: [blockAdminToolsForGuests] });

// 2. A real tool and a real agent, governed by the middleware.
const adminPanel = tool(async ({ action }) => `admin panel: ${action} done`, {
  name: 'admin_panel',
  description: 'Administrative operations',
  schema: z.object({ action: z.string() }),
});

async function runAgentFor(role: string): Promise<void> {
  const model = fakeModel()
    .respond(
      new AIMessage({
        content: '',
        tool_calls: [
          { id: `call_${role}`, name: 'admin_panel', args: { action: 'reset_passwords' }, type: 'tool_call' },
        ],
      }),
    )
    .respond(new AIMessage('All passwords were reset.'));
  const agent = createAgent({ model, tools: [adminPanel], middleware: [clearstoneMiddleware({ engine })] });
  const context = createContext({ userId: `user_${role}`, agentId: 'admin_agent_v1', metadata: { userRole: role } });
  try {
    // 3. Run the agent inside the user's context.
    const result = await contextScope(context, () =>
      agent.invoke({ messages: [{ role: 'user', content: 'Reset all passwords' }] }),
    );
    const toolOutput = result.messages.find((message) => message.getType() === 'tool')?.content;
    console.log(
      `✅ ${role}: allowed admin_panel — ${String(toolOutput)}; agent said: ${String(result.messages.at(-1)?.content)}`,
    );
  } catch (error) {
    // 4. A BLOCK rejects agent.invoke; isPolicyViolation looks through langchain's MiddlewareError.
    if (!isPolicyViolation(error)) throw error;
    console.log(`❌ ${role}: blocked admin_panel — ${getPolicyViolation(error)?.decision.reason}`);
  }
}

await runAgentFor('admin');
await runAgentFor('guest');
console.log(`audit: ${JSON.stringify(engine.auditTrail.summary())}`);
