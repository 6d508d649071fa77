import inspector from 'node:inspector';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deserialize } from '@clearstone/core';
import { SpanRecorder } from '../../test/support/span-recorder';
import { TravelAgent } from '../../test/support/travel-agent';
import {
  CheckpointManager,
  ReplayEngine,
  captureAgentState,
  compareTraces,
  type AgentStateSnapshot,
  type ReplayMock,
} from '..';

const mocks: ReplayMock[] = [
  { target: (agent: TravelAgent) => agent.llm, method: 'invoke', spans: 'llm.invoke' },
  { target: (agent: TravelAgent) => agent.tools.weather, method: 'invoke', spans: 'tool.weather' },
  { target: (agent: TravelAgent) => agent.tools.packing, method: 'invoke', spans: 'tool.packing' },
];

let dir: string;
let manager: CheckpointManager;
let replayRecorder: SpanRecorder;
const prepare = (agent: TravelAgent) => {
  const fresh = new TravelAgent(replayRecorder);
  agent.llm = fresh.llm;
  agent.tools = fresh.tools;
  agent.recorder = replayRecorder;
};

async function recordRun() {
  const recorder = new SpanRecorder();
  const agent = new TravelAgent(recorder);
  const atStart = captureAgentState(agent);
  const snapshots: Array<{ spanId: string; snapshot: AgentStateSnapshot }> = [];
  agent.onStepStart = (current, spanId) => snapshots.push({ spanId, snapshot: captureAgentState(current) });
  const answer = await agent.run('Weather in Paris?');
  return { recorder, agent, answer, atStart, snapshots, trace: recorder.trace() };
}

function toolSpans(
  spans: ReadonlyArray<{
    name: string;
    input?: { captured: boolean; data?: string };
    output?: { captured: boolean; data?: string };
  }>,
) {
  return spans
    .filter((span) => span.name.startsWith('tool.'))
    .map((span) => [span.name, deserialize(span.input!.data!), deserialize(span.output!.data!)]);
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clearstone-replay-'));
  manager = new CheckpointManager({ dir });
  replayRecorder = new SpanRecorder();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ReplayEngine', () => {
  it('replaying a recorded run reproduces its tool calls and final output exactly', async () => {
    const original = await recordRun();
    expect(original.answer).toMatch(/^18°C in Paris \(report [0-9a-f]{8}\); pack: umbrella, light jacket$/);
    const checkpoint = manager.createCheckpoint(original.atStart, original.trace, original.trace.rootSpanId);
    const engine = new ReplayEngine(manager.loadCheckpoint(checkpoint.path), { classes: { TravelAgent }, prepare });
    const answer = await engine.replay('run', ['Weather in Paris?'], { mocks });
    expect(answer).toBe(original.answer);
    expect(
      engine.lastCalls
        .filter((call) => call.label.includes('tool'))
        .map((call) => [call.spanName, call.args[0], call.output]),
    ).toEqual(toolSpans(original.trace.spans));
    const diff = compareTraces(original.trace, replayRecorder.trace());
    expect(diff.identical).toBe(true);
    expect(diff.format()).toBe('Runs are identical: same spans, tool calls and outputs.');
  });

  it('resumes from a mid-run checkpoint using the spans recorded after it, and is repeatable', async () => {
    const original = await recordRun();
    const second = original.snapshots[1];
    const checkpoint = manager.createCheckpoint(second.snapshot, original.trace, second.spanId, { spans: 'all' });
    expect(checkpoint.metadata.spanName).toBe('agent.step');
    const engine = new ReplayEngine(checkpoint, { classes: { TravelAgent }, prepare });
    expect(engine.agent.steps).toBe(1);
    const answer = await engine.replay('resume', [], { mocks });
    expect(answer).toBe(original.answer);
    expect(engine.lastCalls.map((call) => call.spanName)).toEqual(['llm.invoke', 'tool.packing', 'llm.invoke']);
    engine.reset();
    expect(await engine.replay('resume', [], { mocks })).toBe(original.answer);
  });

  it('reads the full trace from a trace store when the checkpoint keeps only the upstream spans', async () => {
    const original = await recordRun();
    const second = original.snapshots[1];
    const checkpoint = manager.createCheckpoint(second.snapshot, original.trace, second.spanId);
    expect(checkpoint.spans.some((span) => span.name === 'tool.packing')).toBe(true);
    expect(checkpoint.spans.filter((span) => span.name === 'agent.step')).toHaveLength(2);
    const lookups: string[] = [];
    const traceStore = {
      getTrace: (traceId: string) => (
        lookups.push(traceId),
        traceId === original.trace.traceId ? original.trace : undefined
      ),
    };
    const withoutStore = new ReplayEngine(checkpoint, { classes: { TravelAgent }, prepare });
    await expect(withoutStore.replay('resume', [], { mocks })).rejects.toMatchObject({
      code: 'REPLAY_EXHAUSTED',
      message: expect.stringContaining(
        "'invoke (spans llm.invoke)' was called 2 times, but the trace recorded only 1 output",
      ),
    });
    const withStore = new ReplayEngine(checkpoint, { classes: { TravelAgent }, prepare, traceStore });
    expect(await withStore.replay('resume', [], { mocks })).toBe(original.answer);
    expect(lookups).toEqual([original.trace.traceId]);
  });

  it('replays with the clock at the checkpoint span and a seed from the checkpoint id', async () => {
    const original = await recordRun();
    const checkpoint = manager.createCheckpoint(original.atStart, original.trace, original.trace.rootSpanId);
    const engine = new ReplayEngine(checkpoint, { classes: { TravelAgent }, prepare });
    const probe = () =>
      engine
        .replay('run', ['Weather in Paris?'], { mocks })
        .then(() => engine.agent.messages.map((message: { at: number }) => message.at));
    const times = await probe();
    engine.reset();
    expect(await probe()).toEqual(times);
    expect(times[0]).toBe(Number(original.trace.startTimeNs / 1_000_000n));
  });

  it('fork runs from modified state and the diff shows the changed tool calls and outputs', async () => {
    const original = await recordRun();
    const checkpoint = manager.createCheckpoint(original.atStart, original.trace, original.trace.rootSpanId);
    const engine = new ReplayEngine(checkpoint, { classes: { TravelAgent }, prepare });
    const forked = await engine.fork({ state: { units: 'fahrenheit' }, method: 'run', args: ['Weather in Paris?'] });
    expect(forked.state).toMatchObject({ units: 'fahrenheit' });
    expect(forked.result).toMatch(/^64°F in Paris/);
    expect(engine.agent.units).toBe('celsius');
    const diff = compareTraces(original.trace, replayRecorder.trace());
    expect(diff.identical).toBe(false);
    expect(diff.spanNames.every((entry) => entry.op === 'same')).toBe(true);
    expect(diff.toolCalls.map((entry) => [entry.op, entry.call.tool])).toEqual([
      ['removed', 'weather'],
      ['removed', 'packing'],
      ['added', 'weather'],
      ['added', 'packing'],
    ]);
    expect(diff.finalOutput.changed).toBe(true);
    const report = diff.format();
    expect(report).toContain("- weather({ city: 'Paris', units: 'celsius' })");
    expect(report).toContain("+ weather({ city: 'Paris', units: 'fahrenheit' })");
    expect(report).toContain('Final output:');
    const functional = await engine.fork({
      state: (state: { units: string }) => ({ ...state, units: 'kelvin' }),
      method: 'run',
      args: ['x'],
    });
    expect(functional.agent.units).toBe('kelvin');
  });

  it('a debugging session prints the banner and pauses at the debugger statement with agent and checkpoint in scope', async () => {
    const original = await recordRun();
    const checkpoint = manager.createCheckpoint(original.atStart, original.trace, original.trace.rootSpanId, {
      label: 'start',
    });
    const engine = new ReplayEngine(checkpoint, { classes: { TravelAgent }, prepare });
    const lines: string[] = [];
    const session = new inspector.Session();
    session.connect();
    const scopes: string[][] = [];
    session.on('Debugger.paused', (message) => {
      const names: string[] = [];
      for (const scope of message.params.callFrames[0].scopeChain.filter(
        (item) => item.type === 'local' || item.type === 'block',
      )) {
        session.post(
          'Runtime.getProperties',
          { objectId: scope.object.objectId!, ownProperties: true },
          (_error, result) => {
            names.push(...result.result.map((property) => property.name));
          },
        );
      }
      scopes.push(names);
      session.post('Debugger.resume');
    });
    session.post('Debugger.enable');
    try {
      const answer = await engine.startDebuggingSession('run', ['Weather in Paris?'], {
        mocks,
        log: (line) => lines.push(line),
      });
      expect(answer).toBe(original.answer);
    } finally {
      session.post('Debugger.disable');
      session.disconnect();
    }
    expect(scopes).toHaveLength(1);
    expect(scopes[0]).toEqual(expect.arrayContaining(['agent', 'checkpoint']));
    const banner = lines.join('\n');
    expect(banner).toContain(`Checkpoint : ${checkpoint.metadata.checkpointId} (start)`);
    expect(banner).toContain(`Trace      : ${original.trace.traceId}`);
    expect(banner).toContain('Agent      : TravelAgent');
    expect(banner).toContain('invoke (spans llm.invoke): 3');
    expect(banner).toContain('node --inspect-brk');
  });
});
