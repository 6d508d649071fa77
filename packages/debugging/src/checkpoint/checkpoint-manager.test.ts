import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SDK_VERSION, SpanKind, SpanStatusCode, type SpanRecord, type Trace } from '@clearstone/core';
import { CheckpointError, CheckpointManager, captureAgentState, registerAgentClass, unregisterAgentClass } from '..';

function span(spanId: string, name: string, startTimeNs: bigint, parentSpanId?: string): SpanRecord {
  return {
    traceId: 'a'.repeat(32),
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    name,
    kind: SpanKind.INTERNAL,
    startTimeNs,
    endTimeNs: startTimeNs + 5n,
    durationNs: 5n,
    attributes: { step: 1 },
    status: SpanStatusCode.OK,
    events: [{ name: 'tick', timeNs: startTimeNs + 1n, attributes: {} }],
    links: [],
    instrumentationName: 'test',
  };
}

// root ─┬─ early (with child earlyChild)
//       ├─ target (with child targetChild)
//       └─ late (with child lateChild)
const base = 1_760_000_000_000_000_000n;
const spans = [
  span('0000000000000001', 'root', base),
  span('0000000000000002', 'early', base + 10n, '0000000000000001'),
  span('0000000000000003', 'earlyChild', base + 11n, '0000000000000002'),
  span('0000000000000004', 'target', base + 20n, '0000000000000001'),
  span('0000000000000005', 'targetChild', base + 21n, '0000000000000004'),
  span('0000000000000006', 'late', base + 30n, '0000000000000001'),
  span('0000000000000007', 'lateChild', base + 31n, '0000000000000006'),
];
const trace: Trace = {
  traceId: 'a'.repeat(32),
  rootSpanId: '0000000000000001',
  spans,
  startTimeNs: base,
  status: SpanStatusCode.OK,
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clearstone-ckpt-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(CheckpointError.isInstance(error)).toBe(true);
    return (error as CheckpointError).code;
  }
  return undefined;
}

describe('CheckpointManager', () => {
  it('round-trips Map, Date, BigInt and cyclic state through a file', () => {
    const memory: Record<string, unknown> = { topic: 'trip' };
    memory.self = memory;
    const agent = {
      getState: () => ({
        visits: new Map([['Paris', 2]]),
        since: new Date('2025-03-04T05:06:07Z'),
        budget: 2n ** 64n,
        memory,
      }),
    };
    const manager = new CheckpointManager({ dir });
    const created = manager.createCheckpoint(agent, trace, '0000000000000004');
    const loaded = manager.loadCheckpoint(created.path);
    const state = loaded.state as {
      visits: Map<string, number>;
      since: Date;
      budget: bigint;
      memory: Record<string, unknown>;
    };
    expect(state.visits).toEqual(new Map([['Paris', 2]]));
    expect(state.since.toISOString()).toBe('2025-03-04T05:06:07.000Z');
    expect(state.budget).toBe(2n ** 64n);
    expect(state.memory.self).toBe(state.memory);
    expect(loaded.metadata).toEqual(created.metadata);
  });

  it('writes <traceId>_<checkpointId>.ckpt with complete metadata and no temp files left', () => {
    class PlannerAgent {
      plan = ['book hotel'];
    }
    const manager = new CheckpointManager({ dir });
    const checkpoint = manager.createCheckpoint(new PlannerAgent(), trace, '0000000000000004', {
      label: 'before booking',
    });
    const { metadata } = checkpoint;
    expect(metadata.checkpointId).toMatch(/^ckpt_[0-9a-f]{32}$/);
    expect(readdirSync(dir)).toEqual([`${trace.traceId}_${metadata.checkpointId}.ckpt`]);
    expect(metadata).toMatchObject({
      traceId: trace.traceId,
      spanId: '0000000000000004',
      spanName: 'target',
      agentClass: 'PlannerAgent',
      agentKind: 'class',
      stateSource: 'fields',
      sdkVersion: SDK_VERSION,
      nodeVersion: process.version,
      formatVersion: 1,
      label: 'before booking',
    });
    expect(Number.isNaN(Date.parse(metadata.createdAt))).toBe(false);
    const document = JSON.parse(readFileSync(checkpoint.path, 'utf8'));
    expect(document).toMatchObject({ format: 'clearstone-checkpoint', version: 1, integrity: { algorithm: 'sha256' } });
    expect(document.state).toEqual({ plan: ['book hotel'] });
  });

  it('keeps ancestors, earlier siblings with their children, the span and its subtree — not later spans', () => {
    const checkpoint = new CheckpointManager({ dir }).createCheckpoint({ a: 1 }, trace, '0000000000000004');
    expect(checkpoint.spans.map((item) => item.name)).toEqual(['root', 'early', 'earlyChild', 'target', 'targetChild']);
    const all = new CheckpointManager({ dir }).createCheckpoint({ a: 1 }, trace, '0000000000000004', { spans: 'all' });
    expect(all.spans).toHaveLength(7);
  });

  it('round-trips bigint span times and events exactly', () => {
    const manager = new CheckpointManager({ dir });
    const { path: file } = manager.createCheckpoint({ a: 1 }, trace, '0000000000000005');
    expect(readFileSync(file, 'utf8')).toContain(`"startTimeNs": "${base + 21n}"`);
    const loaded = manager.loadCheckpoint(file);
    const child = loaded.spans.find((item) => item.name === 'targetChild')!;
    expect(child.startTimeNs).toBe(base + 21n);
    expect(child.durationNs).toBe(5n);
    expect(child.events[0].timeNs).toBe(base + 22n);
    expect(child).toEqual(spans[4]);
  });

  it('captures own enumerable fields without getState, skipping functions and excluded fields', () => {
    const agent = { notes: ['a'], count: 3, helper: () => 1, client: { secret: 'x' } };
    const checkpoint = new CheckpointManager({ dir }).createCheckpoint(agent, trace, '0000000000000001', {
      exclude: ['client'],
    });
    expect(checkpoint.state).toEqual({ notes: ['a'], count: 3 });
    expect(checkpoint.metadata).toMatchObject({ agentKind: 'plain', agentClass: 'Object', stateSource: 'fields' });
  });

  it('records the registered name of an agent class', () => {
    class Inner {
      x = 1;
    }
    registerAgentClass(Inner, 'travel.Inner');
    try {
      const checkpoint = new CheckpointManager({ dir }).createCheckpoint(new Inner(), trace, '0000000000000001');
      expect(checkpoint.metadata.agentClass).toBe('travel.Inner');
    } finally {
      unregisterAgentClass('travel.Inner');
    }
  });

  it('a snapshot taken mid-run is unaffected by later changes to the agent', () => {
    const agent = { steps: ['search'] };
    const snapshot = captureAgentState(agent);
    agent.steps.push('book');
    const checkpoint = new CheckpointManager({ dir }).createCheckpoint(snapshot, trace, '0000000000000004');
    expect(checkpoint.state).toEqual({ steps: ['search'] });
  });

  it('refuses unserializable state naming the field, a missing span and a non-trace', () => {
    const manager = new CheckpointManager({ dir });
    let message = '';
    try {
      manager.createCheckpoint({ getState: () => ({ ok: 1, callback: () => 1 }) }, trace, '0000000000000001');
    } catch (error) {
      expect((error as CheckpointError).code).toBe('CHECKPOINT_STATE_UNSERIALIZABLE');
      message = (error as Error).message;
    }
    expect(message).toContain('callback');
    expect(codeOf(() => manager.createCheckpoint({}, trace, 'ffffffffffffffff'))).toBe('CHECKPOINT_SPAN_NOT_FOUND');
    expect(codeOf(() => manager.createCheckpoint({}, {} as Trace, '0000000000000001'))).toBe(
      'CHECKPOINT_INVALID_TRACE',
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('lists metadata sorted by time, filters by trace, loads by id and deletes', () => {
    const manager = new CheckpointManager({ dir });
    const otherTrace: Trace = {
      ...trace,
      traceId: 'b'.repeat(32),
      spans: spans.map((item) => ({ ...item, traceId: 'b'.repeat(32) })),
    };
    const first = manager.createCheckpoint({ n: 1 }, trace, '0000000000000001');
    const second = manager.createCheckpoint({ n: 2 }, trace, '0000000000000004');
    const third = manager.createCheckpoint({ n: 3 }, otherTrace, '0000000000000001');
    const ids = (list: Array<{ checkpointId: string }>) => list.map((item) => item.checkpointId);
    expect(ids(manager.listCheckpoints())).toHaveLength(3);
    const forTrace = manager.listCheckpoints({ traceId: trace.traceId });
    expect(new Set(ids(forTrace))).toEqual(new Set([first.metadata.checkpointId, second.metadata.checkpointId]));
    expect(forTrace[0].createdAt <= forTrace[1].createdAt).toBe(true);
    expect(forTrace[0]).not.toHaveProperty('state');
    expect(manager.loadCheckpoint(third.metadata.checkpointId).state).toEqual({ n: 3 });
    expect(manager.deleteCheckpoint(second.metadata.checkpointId)).toBe(true);
    expect(manager.deleteCheckpoint(second.metadata.checkpointId)).toBe(false);
    expect(existsSync(second.path)).toBe(false);
    expect(ids(manager.listCheckpoints({ traceId: trace.traceId }))).toEqual([first.metadata.checkpointId]);
  });
});
