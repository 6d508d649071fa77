import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SpanKind, SpanStatusCode, type Trace } from '@clearstone/core';
import {
  CheckpointManager,
  ReplayEngine,
  ReplayError,
  registerAgentClass,
  registeredAgentClassNames,
  unregisterAgentClass,
} from '..';

const trace: Trace = {
  traceId: 'e'.repeat(32),
  rootSpanId: '00000000000000bb',
  startTimeNs: 5_000_000n,
  status: SpanStatusCode.OK,
  spans: [
    {
      traceId: 'e'.repeat(32),
      spanId: '00000000000000bb',
      name: 'root',
      kind: SpanKind.INTERNAL,
      startTimeNs: 5_000_000n,
      attributes: {},
      status: SpanStatusCode.OK,
      events: [],
      links: [],
      instrumentationName: 'test',
    },
  ],
};

let constructed = 0;
class CounterAgent {
  counter = 0;
  history: string[] = [];
  constructor() {
    constructed++;
  }
  increment() {
    this.counter++;
    return this.counter;
  }
}

class StatefulAgent {
  memory = new Map<string, string>();
  restoredWith: unknown;
  constructor() {
    constructed++;
  }
  getState() {
    return { memory: this.memory, version: 3 };
  }
  loadState(state: { memory: Map<string, string>; version: number }) {
    this.restoredWith = state.version;
    this.memory = state.memory;
  }
}

let dir: string;
let manager: CheckpointManager;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clearstone-rehydrate-'));
  manager = new CheckpointManager({ dir });
  constructed = 0;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  unregisterAgentClass('CounterAgent');
  unregisterAgentClass('StatefulAgent');
});

function errorOf(fn: () => unknown): ReplayError {
  try {
    fn();
  } catch (error) {
    expect(ReplayError.isInstance(error)).toBe(true);
    return error as ReplayError;
  }
  throw new Error('expected a ReplayError');
}

describe('agent rehydration', () => {
  it('without loadState: restores fields onto an instance of the registered class, constructor not run', () => {
    const agent = new CounterAgent();
    agent.counter = 10;
    const checkpoint = manager.createCheckpoint(agent, trace, '00000000000000bb');
    registerAgentClass(CounterAgent);
    constructed = 0;
    const engine = new ReplayEngine(manager.loadCheckpoint(checkpoint.path));
    expect(engine.agent).toBeInstanceOf(CounterAgent);
    expect(engine.agent.counter).toBe(10);
    expect(engine.agent.history).toEqual([]);
    expect(engine.agent.increment()).toBe(11);
    expect(constructed).toBe(0);
    expect(engine.reset().counter).toBe(10);
  });

  it('with loadState: calls it with the restored state, from the classes option', () => {
    const agent = new StatefulAgent();
    agent.memory.set('city', 'Lisbon');
    const checkpoint = manager.createCheckpoint(agent, trace, '00000000000000bb');
    constructed = 0;
    const engine = new ReplayEngine(manager.loadCheckpoint(checkpoint.metadata.checkpointId), {
      classes: { StatefulAgent },
    });
    expect(engine.agent).toBeInstanceOf(StatefulAgent);
    expect(engine.agent.restoredWith).toBe(3);
    expect(engine.agent.memory).toEqual(new Map([['city', 'Lisbon']]));
    expect(constructed).toBe(0);
    expect(registeredAgentClassNames()).not.toContain('StatefulAgent');
  });

  it('an unknown class is a coded error that lists the registered ones', () => {
    registerAgentClass(CounterAgent);
    const checkpoint = manager.createCheckpoint(new StatefulAgent(), trace, '00000000000000bb');
    class OtherAgent {}
    const error = errorOf(() => new ReplayEngine(checkpoint, { classes: { OtherAgent } }));
    expect(error.code).toBe('UNKNOWN_AGENT_CLASS');
    expect(error.message).toContain("'StatefulAgent'");
    expect(error.message).toContain('Registered: CounterAgent, OtherAgent');
  });

  it('plain-object agents come back as plain objects; a __proto__ field stays a field', () => {
    const checkpoint = manager.createCheckpoint(
      { notes: ['x'], ['__proto__' as string]: { polluted: true } },
      trace,
      '00000000000000bb',
    );
    const copy = JSON.parse('{"notes":["x"],"__proto__":{"polluted":true}}');
    const withProto = manager.createCheckpoint(copy, trace, '00000000000000bb');
    for (const item of [checkpoint, withProto]) {
      const agent = new ReplayEngine(item).agent;
      expect(Object.getPrototypeOf(agent)).toBe(Object.prototype);
      expect(agent.notes).toEqual(['x']);
      expect(agent.polluted).toBeUndefined();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a failing loadState and a missing method are coded errors; prepare re-attaches dependencies', async () => {
    class Fragile {
      getState() {
        return { ok: false };
      }
      loadState() {
        throw new Error('schema changed');
      }
    }
    const checkpoint = manager.createCheckpoint(new Fragile(), trace, '00000000000000bb');
    expect(errorOf(() => new ReplayEngine(checkpoint, { classes: { Fragile } })).code).toBe('AGENT_REHYDRATION_FAILED');
    const counter = manager.createCheckpoint(new CounterAgent(), trace, '00000000000000bb');
    const engine = new ReplayEngine(counter, {
      classes: { CounterAgent },
      prepare: (agent) => (agent.clock = 'attached'),
    });
    expect(engine.agent.clock).toBe('attached');
    await expect(engine.replay('fly')).rejects.toMatchObject({ code: 'REPLAY_METHOD_NOT_FOUND' });
    expect(await engine.replay('increment')).toBe(1);
  });
});
