/**
 * Overhead of Clearstone on a LangChain v1 agent: one offline `createAgent` invoke (4 model calls,
 * 3 tool calls, a scripted chat model that answers instantly) measured bare, with LangChain's own
 * `piiMiddleware` + `toolCallLimitMiddleware` (the peer baseline), with `clearstoneMiddleware`
 * (governance: PII detection and a tool-call limit as policies, the same two concerns), and with
 * `clearstoneMiddleware` + `TracingCallbackHandler` (every run a span, persisted to SQLite; the
 * final flush is inside the timed loop). Two more rows bound what tracing through LangChain's
 * callbacks can cost: the bare agent with a callback handler that does nothing (LangChain's own
 * cost of calling any handler on every run, the floor of callback-based tracing) and with
 * `TracingCallbackHandler` alone. Variants are interleaved round by round so machine noise
 * hits them alike; each figure is the median over the rounds. Time is the process's CPU time
 * (user + system), which other processes on a shared machine disturb far less than wall-clock
 * time; the run does no I/O wait (the model answers at once), so on a quiet machine the two agree.
 *
 * Prints µs per invoke, the overhead of each variant over the bare agent and the ratio of
 * Clearstone's overhead to LangChain's built-in middleware overhead (goal: ≤ 0.5).
 *
 * Run (after building core, policy, observability and langchain with tsup):
 *   node --import tsx benchmarks/langchain.bench.ts [invokes per round] [rounds]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALLOW, BLOCK, ContextKeys, contextScope, createContext, type PolicyContext } from '@clearstone/core';
import { TracingCallbackHandler } from '@clearstone/langchain';
import { clearstoneMiddleware } from '@clearstone/langchain/middleware';
import { TracerProvider } from '@clearstone/observability';
import { PolicyEngine, definePolicy } from '@clearstone/policy';
import { redactPiiPolicy } from '@clearstone/policy/builtins';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { createAgent, piiMiddleware, tool, toolCallLimitMiddleware, type AgentMiddleware } from 'langchain';
import { z } from 'zod';

const INVOKES = Number(process.argv[2] ?? 50);
const ROUNDS = Number(process.argv[3] ?? 9);
const TOOL_CALLS = 3;

/**
 * A chat model that answers from a script by the number of tool results it has seen: a tool call
 * for each of the first three turns, then the answer. Stateless, so one agent serves every invoke.
 */
class ScriptedChatModel extends BaseChatModel {
  _llmType(): string {
    return 'scripted';
  }

  override bindTools(): this {
    return this;
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const turn = messages.filter((message) => ToolMessage.isInstance(message)).length;
    const usage_metadata = { input_tokens: 120 + turn * 40, output_tokens: 24, total_tokens: 144 + turn * 40 };
    const response_metadata = { model_name: 'gpt-4o-mini' };
    const message =
      turn < TOOL_CALLS
        ? new AIMessage({
            content: '',
            tool_calls: [
              { id: `call_${turn}`, name: 'lookup_order', args: { orderId: `A-10${turn}` }, type: 'tool_call' },
            ],
            usage_metadata,
            response_metadata,
          })
        : new AIMessage({
            content: 'All three orders shipped on Monday and arrive by Thursday.',
            usage_metadata,
            response_metadata,
          });
    return { generations: [{ text: typeof message.content === 'string' ? message.content : '', message }] };
  }
}

const lookupOrder = tool(
  async ({ orderId }) => `Order ${orderId}: 2 items, shipped Monday by ground freight, due Thursday.`,
  { name: 'lookup_order', description: 'Looks up an order', schema: z.object({ orderId: z.string() }) },
);

const maxToolCalls = definePolicy({ name: 'max_tool_calls', priority: 90 }, (ctx: PolicyContext) =>
  ctx.metadata[ContextKeys.EVENT_TYPE] === 'tool_call' && Number(ctx.metadata[ContextKeys.TOOL_CALL_COUNT]) >= 10
    ? BLOCK('Too many tool calls in this run')
    : ALLOW,
);

function agentWith(middleware: AgentMiddleware[]) {
  return createAgent({ model: new ScriptedChatModel({}), tools: [lookupOrder], middleware });
}

const input = () => ({
  messages: [{ role: 'user', content: 'Where are my orders A-100, A-101 and A-102? Reply to me by chat.' }],
});
const context = createContext({ userId: 'u_42', agentId: 'orders', sessionId: 's_1', metadata: { userRole: 'user' } });

/** A handler that is called for every run and does nothing, on the run's path like the tracing handler. */
class NoopHandler extends BaseCallbackHandler {
  name = 'noop';
  constructor() {
    super({ _awaitHandler: true });
  }
  override handleChainStart(): void {}
  override handleChainEnd(): void {}
  override handleChatModelStart(): void {}
  override handleLLMEnd(): void {}
  override handleToolStart(): void {}
  override handleToolEnd(): void {}
}

interface Variant {
  name: string;
  /** Runs `count` invokes (and anything the variant must finish, e.g. persisting spans). */
  run(count: number): Promise<void>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const percent = (ratio: number): string => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(0)} %`;

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'clearstone-langchain-bench-'));
  const provider = new TracerProvider({ dbPath: join(directory, 'traces.db') });
  try {
    const engine = new PolicyEngine({ policies: [redactPiiPolicy({ detectTypes: ['email'] }), maxToolCalls] });
    const bare = agentWith([]);
    const builtIn = agentWith([
      piiMiddleware('email', { strategy: 'redact', applyToInput: true, applyToToolResults: true }),
      toolCallLimitMiddleware({ runLimit: 10 }),
    ]);
    const governed = agentWith([clearstoneMiddleware({ engine })]);
    const tracing = new TracingCallbackHandler(provider);
    const noop = new NoopHandler();

    const loop = (invoke: () => Promise<unknown>) => async (count: number) => {
      for (let i = 0; i < count; i += 1) await invoke();
    };
    const variants: Variant[] = [
      { name: 'bare agent (baseline)', run: loop(() => bare.invoke(input())) },
      { name: 'LangChain piiMiddleware + toolCallLimitMiddleware', run: loop(() => builtIn.invoke(input())) },
      {
        name: 'clearstoneMiddleware (governance)',
        run: loop(() => contextScope(context, () => governed.invoke(input()))),
      },
      {
        name: 'clearstoneMiddleware + TracingCallbackHandler (SQLite)',
        run: async (count) => {
          for (let i = 0; i < count; i += 1)
            await contextScope(context, () => governed.invoke(input(), { callbacks: [tracing] }));
          await provider.forceFlush();
        },
      },
      {
        name: 'bound: bare agent + a no-op callback handler',
        run: loop(() => bare.invoke(input(), { callbacks: [noop] })),
      },
      {
        name: 'bound: bare agent + TracingCallbackHandler (SQLite)',
        run: async (count) => {
          for (let i = 0; i < count; i += 1)
            await contextScope(context, () => bare.invoke(input(), { callbacks: [tracing] }));
          await provider.forceFlush();
        },
      },
    ];

    // Sanity: every variant runs the full script.
    for (const agent of [bare, builtIn, governed]) {
      const result = await contextScope(context, () => agent.invoke(input()));
      const calls = result.messages.filter((message: BaseMessage) => ToolMessage.isInstance(message)).length;
      if (calls !== TOOL_CALLS) throw new Error(`expected ${TOOL_CALLS} tool calls, the agent made ${calls}`);
    }

    for (const variant of variants) await variant.run(Math.max(20, INVOKES / 5)); // warm-up
    const samples = variants.map(() => [] as number[]);
    const wall = variants.map(() => [] as number[]);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [index, variant] of variants.entries()) {
        const started = process.hrtime.bigint();
        const cpu = process.cpuUsage();
        await variant.run(INVOKES);
        const used = process.cpuUsage(cpu);
        samples[index].push((used.user + used.system) / INVOKES);
        wall[index].push(Number(process.hrtime.bigint() - started) / 1e3 / INVOKES);
      }
    }

    const base = median(samples[0]);
    const builtInOverhead = median(samples[1]) / base - 1;
    console.log(
      `createAgent invoke, ${TOOL_CALLS + 1} model calls + ${TOOL_CALLS} tool calls, scripted model; ` +
        `${ROUNDS} interleaved rounds × ${INVOKES} invokes; medians (range over rounds)`,
    );
    console.log(
      "| Variant | CPU µs / invoke | Overhead over bare | Ratio to LangChain's overhead | wall µs / invoke |",
    );
    console.log('|---|---:|---:|---:|---:|');
    for (const [index, variant] of variants.entries()) {
      const values = samples[index];
      const micros = median(values);
      const overhead = micros / base - 1;
      const overheads = values.map((value, round) => value / samples[0][round] - 1);
      const ratio = index === 0 ? '' : `${(overhead / builtInOverhead).toFixed(2)}×`;
      console.log(
        `| ${variant.name} | ${micros.toFixed(0)} (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}) | ` +
          `${index === 0 ? '—' : `${percent(overhead)} (${percent(Math.min(...overheads))} to ${percent(Math.max(...overheads))})`} | ${ratio} | ${median(wall[index]).toFixed(0)} |`,
      );
    }
    console.log("\nGoal: Clearstone's overhead (tracing included) ≤ 0.5× LangChain's built-in middleware overhead.");
    console.log(
      'The no-op handler row is what LangChain spends calling any callback handler on every run; tracing ' +
        'through callbacks cannot cost less.',
    );
    tracing.dispose();
  } finally {
    await provider.shutdown();
    rmSync(directory, { recursive: true, force: true });
  }
}

await main();
