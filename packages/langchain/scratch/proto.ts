import { createAgent, createMiddleware, tool } from 'langchain';
import { fakeModel } from '@langchain/core/testing';
import { AIMessage, ToolMessage } from '@langchain/core/messages';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { dispatchCustomEvent } from '@langchain/core/callbacks/dispatch';
import { MemorySaver, Command } from '@langchain/langgraph';
import { z } from 'zod';
import { AsyncLocalStorage } from 'node:async_hooks';

const als = new AsyncLocalStorage<string>();
let ran = 0;
const search = tool(async ({ q }) => { ran++; return `result ${q}`; }, { name: 'search', description: 'search', schema: z.object({ q: z.string() }) });

const mw = createMiddleware({
  name: 'probe',
  stateSchema: z.object({ clearstoneRun: z.object({ tokensUsed: z.number(), llmCallCount: z.number(), toolCallCount: z.number() }).optional() }),
  beforeAgent: (state: any) => { console.log('beforeAgent', state.clearstoneRun, 'als', als.getStore()); return { clearstoneRun: { tokensUsed: 0, llmCallCount: 0, toolCallCount: 0 } }; },
  afterModel: (state: any) => { const last = state.messages.at(-1); const r = state.clearstoneRun; return { clearstoneRun: { ...r, tokensUsed: r.tokensUsed + (last.usage_metadata?.total_tokens ?? 0), llmCallCount: r.llmCallCount + 1 } }; },
  wrapModelCall: async (req: any, handler: any) => {
    console.log('wrapModel state', req.state.clearstoneRun, 'als', als.getStore(), 'model', req.model?.constructor?.name, req.model?._llmType?.(), req.model?.getName?.(), 'thread', req.runtime.configurable?.thread_id);
    await dispatchCustomEvent('clearstone.policy.decision', { action: 'allow' });
    return handler(req);
  },
  wrapToolCall: async (req: any, handler: any) => {
    console.log('wrapTool state', req.state.clearstoneRun, 'als', als.getStore(), 'interrupt?', typeof req.runtime.interrupt, req.toolCall, 'thread', req.runtime.configurable?.thread_id);
    if (req.runtime.configurable?.thread_id) { const v = req.runtime.interrupt({ ask: req.toolCall.name }); console.log('resumed with', v); }
    return handler(req);
  },
});
class Rec extends BaseCallbackHandler { name = 'rec'; constructor() { super({ raiseError: true }); }
  handleCustomEvent(name: string, data: any, runId: string) { console.log('custom', name, data, runId, 'als', als.getStore()); }
  handleToolStart(...args: any[]) { console.log('toolStart als', als.getStore(), args[6], args[7]); }
}
function model() { return fakeModel().respondWithTools([{ name: 'search', args: { q: 'w' }, id: 'c1' }]).respond(new AIMessage({ content: 'done', usage_metadata: { input_tokens: 3, output_tokens: 4, total_tokens: 7 } })); }
async function main() {
  const m = model();
  // patch first response usage
  const agent = createAgent({ model: m as any, tools: [search], middleware: [mw] });
  const out = await als.run('ctxA', () => agent.invoke({ messages: [{ role: 'user', content: 'hi' }] }, { callbacks: [new Rec()] }));
  console.log(out.messages.map((x: any) => x.type), (out as any).clearstoneRun, ran);
  const agent2 = createAgent({ model: model() as any, tools: [search], middleware: [mw], checkpointer: new MemorySaver() });
  const cfg = { configurable: { thread_id: 't1' } };
  const r1: any = await agent2.invoke({ messages: [{ role: 'user', content: 'hi' }] }, cfg);
  console.log('interrupt', r1.__interrupt__);
  const r2: any = await agent2.invoke(new Command({ resume: { approved: true } }) as any, cfg);
  console.log(r2.messages.map((x: any) => x.type), r2.clearstoneRun, ran);
}
main().catch((e) => { console.error('ERR', e); });
