import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SpanKind, deserialize } from '@clearstone/core';
import type { Snapshot, SpanRecord, Trace } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';
import {
  CheckpointManager,
  ReplayEngine,
  captureAgentState,
  compareTraces,
  type AgentStateSnapshot,
  type ReplayMock,
} from '../src';
import { RuleModel, createTools, type Message } from './support/travel-agent';

type Tracer = ReturnType<TracerProvider['getTracer']>;

/**
 * The travel agent of `support/travel-agent.ts`, instrumented with a real Clearstone tracer: every
 * span records its input and output snapshot, tool spans their GenAI tool attributes.
 */
class TracedTravelAgent {
  messages: Message[] = [];
  units = 'celsius';
  steps = 0;
  done = false;
  answer: string | undefined;
  llm = new RuleModel();
  tools = createTools();
  tracer: Tracer;
  lastTraceId: string | undefined;
  onStepStart: ((agent: TracedTravelAgent, spanId: string) => void) | undefined;

  constructor(tracer: Tracer) {
    this.tracer = tracer;
  }

  getState() {
    return { messages: this.messages, units: this.units, steps: this.steps, done: this.done, answer: this.answer };
  }

  loadState(state: ReturnType<TracedTravelAgent['getState']>) {
    Object.assign(this, state);
  }

  run(question: string): Promise<string | undefined> {
    return this.tracer.span('agent.run', { input: question }, async (span) => {
      this.lastTraceId = span.traceId;
      this.messages.push({ role: 'user', content: question, at: Date.now() });
      const answer = await this.resume();
      span.setOutput(answer);
      return answer;
    });
  }

  async resume(): Promise<string | undefined> {
    while (!this.done && this.steps < 6) await this.step();
    return this.answer;
  }

  step(): Promise<void> {
    return this.tracer.span('agent.step', { attributes: { step: this.steps + 1 } }, async (span) => {
      this.onStepStart?.(this, span.spanId);
      this.steps++;
      const reply = await this.tracer.span(
        'llm.invoke',
        {
          kind: SpanKind.CLIENT,
          input: this.messages,
          attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'rule-model' },
        },
        async (llmSpan) => {
          const output = await this.llm.invoke(this.messages);
          llmSpan.setOutput(output);
          return output;
        },
      );
      if ('answer' in reply) {
        this.done = true;
        this.answer = reply.answer;
        return;
      }
      const { name, args } = reply.toolCall;
      const toolArgs = name === 'weather' ? { ...args, units: this.units } : args;
      const tool = (this.tools as Record<string, { invoke(input: unknown): Promise<unknown> }>)[name];
      const attributes = { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name };
      const result = await this.tracer.span(
        `tool.${name}`,
        { kind: SpanKind.CLIENT, input: toolArgs, attributes },
        async (toolSpan) => {
          const output = await tool.invoke(toolArgs);
          toolSpan.setOutput(output);
          return output;
        },
      );
      this.messages.push({ role: 'tool', content: JSON.stringify(result), at: Date.now() });
    });
  }
}

const mocks: ReplayMock[] = [
  { target: (agent: TracedTravelAgent) => agent.llm, method: 'invoke', spans: 'llm.invoke' },
  { target: (agent: TracedTravelAgent) => agent.tools.weather, method: 'invoke', spans: 'tool.weather' },
  { target: (agent: TracedTravelAgent) => agent.tools.packing, method: 'invoke', spans: 'tool.packing' },
];

function snapshotValue(snapshot: Snapshot | undefined): unknown {
  if (snapshot?.captured !== true) throw new Error('the span has no captured snapshot');
  return deserialize(snapshot.data);
}

function toolCalls(spans: readonly SpanRecord[]): Array<[string, unknown, unknown]> {
  return spans
    .filter((span) => span.attributes['gen_ai.tool.name'] !== undefined)
    .map((span) => [span.name, snapshotValue(span.input), snapshotValue(span.output)]);
}

let dir: string;
let provider: TracerProvider;
let manager: CheckpointManager;

/** Re-attaches what the checkpoint state does not hold: the model, the tools and a tracer. */
const prepare = (agent: TracedTravelAgent) => {
  agent.llm = new RuleModel();
  agent.tools = createTools();
  agent.tracer = provider.getTracer('travel-agent-replay');
};

async function recordRun() {
  const agent = new TracedTravelAgent(provider.getTracer('travel-agent'));
  const atStart = captureAgentState(agent);
  const snapshots: Array<{ spanId: string; snapshot: AgentStateSnapshot }> = [];
  agent.onStepStart = (current, spanId) => snapshots.push({ spanId, snapshot: captureAgentState(current) });
  const answer = await agent.run('Weather in Paris?');
  await provider.forceFlush();
  const trace = provider.traceStore.getTrace(agent.lastTraceId!);
  if (trace === undefined) throw new Error('the recorded run is not in the trace store');
  return { answer, atStart, snapshots, trace };
}

async function storedTrace(traceId: string): Promise<Trace> {
  await provider.forceFlush();
  return provider.traceStore.getTrace(traceId)!;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clearstone-provider-replay-'));
  provider = new TracerProvider({ dbPath: path.join(dir, 'traces.db') });
  manager = new CheckpointManager({ dir: path.join(dir, 'checkpoints') });
});
afterEach(async () => {
  await provider.shutdown();
  provider.traceStore.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('checkpoints and replay of a run recorded by a real TracerProvider', () => {
  it('stores the run in SQLite with the tool calls the replay has to reproduce', async () => {
    const { answer, trace } = await recordRun();
    expect(answer).toMatch(/^18°C in Paris \(report [0-9a-f]{8}\); pack: umbrella, light jacket$/);
    expect(trace.spans.map((span) => span.name)).toEqual([
      'agent.run',
      'agent.step',
      'llm.invoke',
      'tool.weather',
      'agent.step',
      'llm.invoke',
      'tool.packing',
      'agent.step',
      'llm.invoke',
    ]);
    expect(trace.spans[0].spanId).toBe(trace.rootSpanId);
    const [weather, packing] = toolCalls(trace.spans);
    expect(weather).toEqual([
      'tool.weather',
      { city: 'Paris', units: 'celsius' },
      expect.objectContaining({ temperature: 18, units: 'celsius' }),
    ]);
    expect(packing).toEqual([
      'tool.packing',
      { temperature: 18 },
      expect.objectContaining({ items: ['umbrella', 'light jacket'] }),
    ]);
  });

  it('replays from a root checkpoint, reproducing the recorded tool-call sequence and answer', async () => {
    const original = await recordRun();
    const created = manager.createCheckpoint(original.atStart, original.trace, original.trace.rootSpanId);
    const engine = new ReplayEngine(manager.loadCheckpoint(created.metadata.checkpointId), {
      traceStore: provider.traceStore,
      classes: { TracedTravelAgent },
      prepare,
    });
    const answer = await engine.replay('run', ['Weather in Paris?'], { mocks });
    expect(answer).toBe(original.answer);
    const replayedToolCalls = engine.lastCalls
      .filter((call) => call.spanName?.startsWith('tool.'))
      .map((call) => [call.spanName, call.args[0], call.output]);
    expect(replayedToolCalls).toEqual(toolCalls(original.trace.spans));
    expect(engine.lastCalls.map((call) => call.spanName)).toEqual([
      'llm.invoke',
      'tool.weather',
      'llm.invoke',
      'tool.packing',
      'llm.invoke',
    ]);

    // The replay is itself traced into the same database, as a new trace identical to the original.
    const replayTraceId = engine.agent.lastTraceId!;
    expect(replayTraceId).not.toBe(original.trace.traceId);
    const replayed = await storedTrace(replayTraceId);
    expect(toolCalls(replayed.spans)).toEqual(toolCalls(original.trace.spans));
    const diff = compareTraces(original.trace, replayed);
    expect(diff.format()).toBe('Runs are identical: same spans, tool calls and outputs.');
  });

  it('resumes from a mid-run checkpoint with the remaining calls read from the trace store, repeatably', async () => {
    const original = await recordRun();
    const second = original.snapshots[1];
    const created = manager.createCheckpoint(second.snapshot, original.trace, second.spanId, {
      label: 'before step 2',
    });
    expect(created.metadata).toMatchObject({
      traceId: original.trace.traceId,
      spanId: second.spanId,
      spanName: 'agent.step',
      agentClass: 'TracedTravelAgent',
    });

    const engine = new ReplayEngine(manager.loadCheckpoint(created.path), {
      traceStore: provider.traceStore,
      classes: { TracedTravelAgent },
      prepare,
    });
    expect(engine.agent).toBeInstanceOf(TracedTravelAgent);
    expect(engine.agent.steps).toBe(1);
    expect(engine.spans()).toHaveLength(original.trace.spans.length);
    const answer = await engine.replay('resume', [], { mocks });
    expect(answer).toBe(original.answer);
    expect(engine.lastCalls.map((call) => call.spanName)).toEqual(['llm.invoke', 'tool.packing', 'llm.invoke']);
    expect(engine.lastCalls.find((call) => call.spanName === 'tool.packing')!.output).toEqual(
      toolCalls(original.trace.spans)[1][2],
    );

    engine.reset();
    expect(await engine.replay('resume', [], { mocks })).toBe(original.answer);
  });

  it('forks from the checkpoint with a changed state and diffs the forked trace against the stored one', async () => {
    const original = await recordRun();
    const created = manager.createCheckpoint(original.atStart, original.trace, original.trace.rootSpanId);
    const engine = new ReplayEngine(created, {
      traceStore: provider.traceStore,
      classes: { TracedTravelAgent },
      prepare,
    });
    const fork = await engine.fork({ state: { units: 'fahrenheit' }, method: 'run', args: ['Weather in Paris?'] });
    expect(fork.result).toMatch(/^64°F in Paris/);
    const forked = await storedTrace(fork.agent.lastTraceId!);
    const diff = compareTraces(original.trace, forked);
    expect(diff.identical).toBe(false);
    expect(diff.format()).toContain('tool.weather');
  });
});
