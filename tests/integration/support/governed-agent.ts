// A scripted createAgent agent governed by clearstoneMiddleware (blocked calls answered with a tool
// message, so runs go on) and traced by TracingCallbackHandler into a SQLite file: the recordings
// the backtest and policy preview integration tests replay.
import { contextScope, createContext } from '@clearstone/core';
import { clearstoneMiddleware } from '@clearstone/langchain/middleware';
import { TracingCallbackHandler } from '@clearstone/langchain';
import { TracerProvider } from '@clearstone/observability';
import type { PolicyEngine } from '@clearstone/policy';
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { createAgent, tool } from 'langchain';
import { z } from 'zod';

/** The token usage every scripted model message reports. */
export const usage = { input_tokens: 60, output_tokens: 40, total_tokens: 100 };

/** A scripted model message that calls one tool. */
export const callTool = (name: string, args: Record<string, unknown>, id: string) =>
  new AIMessage({ content: '', tool_calls: [{ id, name, args, type: 'tool_call' }], usage_metadata: usage });

/** A scripted final model answer. */
export const answer = (text: string) => new AIMessage({ content: text, usage_metadata: usage });

/** The agent's tools, each taking `{ value }` and appending its name to `ran` when it runs. */
export function tools(ran: string[]) {
  const make = (name: string) =>
    tool(
      async (args: Record<string, unknown>) => {
        ran.push(name);
        return `${name} done with ${JSON.stringify(args)}`;
      },
      { name, description: name, schema: z.object({ value: z.string() }) },
    );
  return ['admin_panel', 'search', 'delete_database', 'send_email'].map(make);
}

/** One run of the agent: who runs it, the context metadata, and the model's scripted messages. */
export interface ScriptedRun {
  user: string;
  metadata: Record<string, unknown>;
  script: AIMessage[];
}

/**
 * Runs each scripted run, in order, through the agent governed by `engine` and records them all into
 * a trace database at `dbPath`. The tools that ran are appended to `ran`.
 */
export async function recordGovernedRuns(
  dbPath: string,
  engine: PolicyEngine,
  runs: readonly ScriptedRun[],
  { ran = [], agentId = 'support-bot' }: { ran?: string[]; agentId?: string } = {},
): Promise<void> {
  const provider = new TracerProvider({ dbPath });
  for (const run of runs) {
    let model = fakeModel();
    for (const message of run.script) model = model.respond(message);
    const agent = createAgent({
      model,
      tools: tools(ran),
      middleware: [clearstoneMiddleware({ engine, onBlock: 'tool-message' })],
    });
    const ctx = createContext({ userId: run.user, agentId, metadata: run.metadata });
    await contextScope(ctx, () =>
      agent.invoke(
        { messages: [{ role: 'user', content: 'go' }] },
        { callbacks: [new TracingCallbackHandler(provider)] },
      ),
    );
  }
  await provider.shutdown();
}
