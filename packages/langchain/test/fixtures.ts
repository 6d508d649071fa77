import { ALLOW, BLOCK, createContext, type PolicyContext } from '@clearstone/core';
import { definePolicy } from '@clearstone/policy';
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { tool } from 'langchain';
import { z } from 'zod';

/** Token usage as a model reports it. */
export function usage(inputTokens: number, outputTokens: number) {
  return { input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens };
}

/** An AIMessage calling one tool, with usage. */
export function toolCallMessage(
  name: string,
  args: Record<string, unknown>,
  id: string,
  tokens = usage(60, 40),
): AIMessage {
  return new AIMessage({ content: '', tool_calls: [{ id, name, args, type: 'tool_call' }], usage_metadata: tokens });
}

/** A final answer with usage. */
export function answer(text: string, tokens = usage(60, 40)): AIMessage {
  return new AIMessage({ content: text, usage_metadata: tokens });
}

/** The message as `model` answered it: `response_metadata.model_name`, as provider packages set it. */
export function fromModel<T extends AIMessage>(model: string, message: T): T {
  message.response_metadata = { ...message.response_metadata, model_name: model };
  return message;
}

/** A scripted model: the given responses, in order. */
export function scriptedModel(...responses: AIMessage[]) {
  let model = fakeModel();
  for (const response of responses) model = model.respond(response);
  return model;
}

/** Tools with a record of what they actually received. */
export function createTools() {
  const calls: Array<{ tool: string; args: Record<string, unknown> }> = [];
  const adminPanel = tool(
    async (args) => {
      calls.push({ tool: 'admin_panel', args });
      return `admin panel: ${args.action} done`;
    },
    { name: 'admin_panel', description: 'Administrative operations', schema: z.object({ action: z.string() }) },
  );
  const deleteDatabase = tool(
    async (args) => {
      calls.push({ tool: 'delete_database', args });
      return `deleted ${args.name}`;
    },
    { name: 'delete_database', description: 'Drops a database', schema: z.object({ name: z.string() }) },
  );
  const search = tool(
    async (args) => {
      calls.push({ tool: 'search', args });
      return `results for ${args.query}`;
    },
    { name: 'search', description: 'Web search', schema: z.object({ query: z.string() }) },
  );
  const sendEmail = tool(
    async (args) => {
      calls.push({ tool: 'send_email', args });
      return JSON.stringify({
        sent: true,
        to: args.to,
        body: args.body,
        note: `Receipt for card ${args.card ?? 'none'} sent to ${args.to}`,
      });
    },
    {
      name: 'send_email',
      description: 'Sends an email',
      schema: z.object({ to: z.string(), body: z.string(), card: z.string().optional() }),
    },
  );
  return { calls, adminPanel, deleteDatabase, search, sendEmail, all: [adminPanel, deleteDatabase, search, sendEmail] };
}

/** The quickstart's RBAC policy: guests may not use `admin_panel`. */
export const blockAdminToolsForGuests = definePolicy(
  { name: 'block_admin_tools_for_guests', priority: 100 },
  (ctx: PolicyContext) => {
    const role = ctx.metadata.role;
    const toolName = ctx.metadata.toolName;
    if (role === 'guest' && toolName === 'admin_panel')
      return BLOCK(`Role '${String(role)}' is not authorized to access '${String(toolName)}'.`);
    return ALLOW;
  },
);

/** A context for a user with `role`. */
export function userContext(role: string, extra: Record<string, unknown> = {}): PolicyContext {
  return createContext({ userId: `user_${role}`, agentId: 'admin_agent_v1', metadata: { role, ...extra } });
}

/** The user message that starts every test run. */
export const ask = (content: string) => ({ messages: [{ role: 'user', content }] });

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
