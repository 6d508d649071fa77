// Checkpoints written before snapshots became readable JSON stored the agent state as a serializer
// envelope (`json`, `v8`, `v8-graph`). The state texts below were written by that serializer
// (packages/core/test/fixtures/serialized-v1.json); a checkpoint file carrying them must still load.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CheckpointManager } from '../src';
import { encodeCheckpoint } from '../src/checkpoint/checkpoint-document';
import { FIXTURE_VALUES } from '../../core/test/fixtures/serialized-v1-values';
import { SpanRecorder } from './support/span-recorder';

interface Fixture {
  name: string;
  envelope: string;
  text: string;
}

const fixtures = (
  JSON.parse(readFileSync(path.join(__dirname, '../../core/test/fixtures/serialized-v1.json'), 'utf8')) as {
    fixtures: Fixture[];
  }
).fixtures;

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clearstone-old-checkpoint-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a checkpoint written with the previous state format', () => {
  it.each(['question-with-date', 'map', 'nested', 'cycle'])('restores the %s state it holds', async (name) => {
    const fixture = fixtures.find((candidate) => candidate.name === name)!;
    expect(['json', 'v8', 'v8-graph']).toContain(fixture.envelope);
    const manager = new CheckpointManager({ dir });
    const recorder = new SpanRecorder();
    const spanId = await recorder.span('agent.step', { input: 'go' }, async (id) => id);
    const current = manager.createCheckpoint({ step: 1 }, recorder.trace(), spanId);
    const file = encodeCheckpoint({ metadata: current.metadata, serializedState: fixture.text, spans: recorder.spans });
    writeFileSync(current.path, file);
    expect(manager.loadCheckpoint(current.path).state).toEqual(FIXTURE_VALUES[name].build());
  });
});
