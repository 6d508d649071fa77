/**
 * Time-travel debugging end to end: record an agent run with the real tracer, checkpoint it
 * mid-run, replay it deterministically from the checkpoint file, open a debugging session, and
 * fork the run from a changed state to see what would have happened.
 *
 * Run: node_modules/.bin/tsx examples/checkpoints-and-replay.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SpanKind } from '@clearstone/core';
import {
  CheckpointManager,
  ReplayEngine,
  captureAgentState,
  compareTraces,
  registerAgentClass,
  type AgentStateSnapshot,
  type ReplayMock,
} from '@clearstone/debugging';
import { TracerProvider } from '@clearstone/observability';

const workDir = mkdtempSync(path.join(tmpdir(), 'clearstone-example-'));
const provider = new TracerProvider({ dbPath: path.join(workDir, 'traces.db') });
const tracer = provider.getTracer('travel-agent', '1.0.0');

type Reply = { tool: string; args: Record<string, unknown> } | { answer: string };
type WeatherReport = { temperature: number; units: string; reportId: string };
type PackingList = { items: string[] };

/** An offline stand-in for a chat model: weather first, then a packing list, then the answer. */
class OfflineModel {
  async invoke(toolResults: Array<Record<string, unknown>>): Promise<Reply> {
    if (toolResults.length === 0) return { tool: 'weather', args: { city: 'Paris' } };
    if (toolResults.length === 1)
      return { tool: 'packing', args: { temperature: toolResults[0].temperature, units: toolResults[0].units } };
    // The results of the weather and packing tools below, in that order.
    const [weather, packing] = toolResults as [WeatherReport, PackingList];
    return {
      answer: `${weather.temperature}°${weather.units === 'celsius' ? 'C' : 'F'} in Paris (report ${weather.reportId.slice(0, 8)}); pack ${packing.items.join(' and ')}`,
    };
  }
}

/** Tools with non-reproducible outputs: random report ids and wall-clock times. */
const tools = {
  weather: {
    async invoke(args: { city: string; units: string }) {
      return {
        city: args.city,
        units: args.units,
        temperature: args.units === 'celsius' ? 9 : 48,
        reportId: randomUUID(),
        observedAt: new Date().toISOString(),
      };
    },
  },
  packing: {
    async invoke(args: { temperature: number; units: string }) {
      const celsius = args.units === 'celsius' ? args.temperature : Math.round(((args.temperature - 32) * 5) / 9);
      return {
        items: celsius < 12 ? ['a coat', 'an umbrella'] : ['a light jacket'],
        listId: Math.floor(Math.random() * 1e6),
      };
    },
  },
};

class TravelAgent {
  toolResults: Array<Record<string, unknown>> = [];
  units = 'celsius';
  answer: string | undefined;
  llm = new OfflineModel();
  tools = tools;
  onStep: ((agent: TravelAgent, spanId: string) => void) | undefined;

  getState() {
    return { toolResults: this.toolResults, units: this.units, answer: this.answer };
  }
  loadState(state: ReturnType<TravelAgent['getState']>) {
    Object.assign(this, state);
  }

  run(question: string): Promise<string> {
    return tracer.span('agent.run', { input: question }, async (span) => {
      const answer = await this.resume();
      span.setOutput(answer);
      return answer;
    });
  }

  async resume(): Promise<string> {
    while (this.answer === undefined) await this.step();
    return this.answer;
  }

  step(): Promise<void> {
    return tracer.span('agent.step', async (stepSpan) => {
      this.onStep?.(this, stepSpan.spanId);
      const reply = await tracer.span(
        'llm.invoke',
        { kind: SpanKind.CLIENT, input: this.toolResults },
        async (span) => {
          const output = await this.llm.invoke(this.toolResults);
          span.setOutput(output);
          return output;
        },
      );
      if ('answer' in reply) {
        this.answer = reply.answer;
        return;
      }
      const args = reply.tool === 'weather' ? { ...reply.args, units: this.units } : reply.args;
      const result = await tracer.span(
        `tool.${reply.tool}`,
        { kind: SpanKind.CLIENT, input: args, attributes: { 'gen_ai.tool.name': reply.tool } },
        async (span) => {
          const output = await (
            this.tools as Record<string, { invoke(input: unknown): Promise<Record<string, unknown>> }>
          )[reply.tool].invoke(args);
          span.setOutput(output);
          return output;
        },
      );
      this.toolResults.push(result);
    });
  }
}
registerAgentClass(TravelAgent);

/** Rehydration does not run constructors: re-attach the model and tools, which are not state. */
const prepare = (agent: TravelAgent) => {
  agent.llm = new OfflineModel();
  agent.tools = tools;
};

const mocks: ReplayMock[] = [
  { target: (agent: TravelAgent) => agent.llm, method: 'invoke', spans: 'llm.invoke', label: 'llm' },
  {
    target: (agent: TravelAgent) => agent.tools.weather,
    method: 'invoke',
    spans: 'tool.weather',
    label: 'weather tool',
  },
  {
    target: (agent: TravelAgent) => agent.tools.packing,
    method: 'invoke',
    spans: 'tool.packing',
    label: 'packing tool',
  },
];

async function main(): Promise<void> {
  // 1. Record a run; take snapshots of the agent at the start and at the start of every step.
  const agent = new TravelAgent();
  const atStart = captureAgentState(agent);
  const stepSnapshots: Array<{ spanId: string; snapshot: AgentStateSnapshot }> = [];
  agent.onStep = (current, spanId) => stepSnapshots.push({ spanId, snapshot: captureAgentState(current) });
  const answer = await agent.run('What should I pack for Paris?');
  await provider.forceFlush();
  const traceId = provider.traceStore.listTraces({ name: 'agent.run', limit: 1 })[0].traceId;
  const trace = provider.traceStore.getTrace(traceId)!;
  console.log(`Recorded run: ${answer}`);
  console.log(`Trace ${traceId}: ${trace.spans.map((span) => span.name).join(' > ')}`);

  // 2. Checkpoint mid-run, at the start of step 2 (after the weather lookup).
  const manager = new CheckpointManager({ dir: path.join(workDir, 'checkpoints') });
  const midRun = manager.createCheckpoint(stepSnapshots[1].snapshot, trace, stepSnapshots[1].spanId, {
    label: 'before packing',
  });
  const fromStart = manager.createCheckpoint(atStart, trace, trace.rootSpanId, { label: 'start' });
  console.log(
    `Checkpoints: ${manager
      .listCheckpoints({ traceId })
      .map((entry) => `${entry.label} (${entry.spanName})`)
      .join(', ')}`,
  );

  // 3. Replay from the mid-run checkpoint file: model and tools answer from the trace.
  const engine = new ReplayEngine(manager.loadCheckpoint(midRun.metadata.checkpointId), {
    traceStore: provider.traceStore,
    prepare,
  });
  const replayed = await engine.replay('resume', [], { mocks });
  console.log(`Replayed answer: ${replayed}`);
  console.log(`Replay matches original: ${replayed === answer}`);
  console.log(`Replayed calls: ${engine.lastCalls.map((call) => call.spanName).join(', ')}`);

  // 4. A debugging session stops at the checkpoint when a debugger is attached.
  engine.reset();
  await engine.startDebuggingSession('resume', [], { mocks });

  // 5. Fork from the start with Fahrenheit units, models and tools live, and diff the runs.
  const forkEngine = new ReplayEngine(fromStart, { traceStore: provider.traceStore, prepare });
  const forked = await forkEngine.fork({
    state: { units: 'fahrenheit' },
    method: 'run',
    args: ['What should I pack for Paris?'],
  });
  await provider.forceFlush();
  const [forkSummary] = provider.traceStore.listTraces({ name: 'agent.run', limit: 1 });
  console.log(`Forked answer: ${forked.result}`);
  console.log(compareTraces(trace, provider.traceStore.getTrace(forkSummary.traceId)!).format());
}

main()
  .finally(async () => {
    await provider.shutdown();
    rmSync(workDir, { recursive: true, force: true });
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
