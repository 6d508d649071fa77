import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TraceStore } from '@clearstone/observability';
// The viewer takes any object with listCheckpoints({ traceId }); the real manager is used here.
import { CheckpointManager } from '@clearstone/debugging';
import { startViewer } from '../src';
import { buildPageAssets } from './support/page-assets';
import { writeSampleDatabase } from './support/sample-database';
import type { SampleTraces } from './support/sample-database';
import type { CheckpointLink } from '../src';

let directory: string;
let assetsDir: string;
let traces: SampleTraces;
let checkpointId: string;
let toolSpanId: string;

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'clearstone-viewer-checkpoints-'));
  [traces, assetsDir] = await Promise.all([writeSampleDatabase(path.join(directory, 'traces.db')), buildPageAssets()]);
  const store = new TraceStore(path.join(directory, 'traces.db'), { readonly: true });
  const trace = store.getTrace(traces.agent)!;
  store.close();
  toolSpanId = trace.spans.find((span) => span.name === 'execute_tool calculator')!.spanId;
  const manager = new CheckpointManager({ dir: path.join(directory, 'checkpoints'), hmacKey: 'secret' });
  checkpointId = manager.createCheckpoint({ step: 2, memory: ['6*7'] }, trace, toolSpanId, { label: 'before answer' })
    .metadata.checkpointId;
  writeFileSync(path.join(directory, 'checkpoints', `${traces.agent}_ckpt_${'f'.repeat(32)}.ckpt`), '{ not json');
  writeFileSync(
    path.join(directory, 'checkpoints', `${traces.agent}_ckpt_${'e'.repeat(32)}.ckpt`),
    '{"format":"something-else"}',
  );
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
  rmSync(assetsDir, { recursive: true, force: true });
});

async function checkpointsOf(options: Parameters<typeof startViewer>[0], traceId: string): Promise<CheckpointLink[]> {
  const viewer = await startViewer(options);
  try {
    const response = await fetch(new URL(`/api/traces/${traceId}/checkpoints`, viewer.url));
    expect(response.status).toBe(200);
    return ((await response.json()) as { checkpoints: CheckpointLink[] }).checkpoints;
  } finally {
    await viewer.close();
  }
}

it('lists the checkpoints of a trace from a checkpoint directory, skipping damaged and foreign files', async () => {
  const checkpoints = await checkpointsOf(
    {
      dbPath: path.join(directory, 'traces.db'),
      port: 0,
      assetsDir,
      checkpointsDir: path.join(directory, 'checkpoints'),
    },
    traces.agent,
  );
  expect(checkpoints).toEqual([
    expect.objectContaining({
      checkpointId,
      traceId: traces.agent,
      spanId: toolSpanId,
      spanName: 'execute_tool calculator',
      label: 'before answer',
      verified: false,
    }),
  ]);
  expect(
    await checkpointsOf(
      {
        dbPath: path.join(directory, 'traces.db'),
        port: 0,
        assetsDir,
        checkpointsDir: path.join(directory, 'checkpoints'),
      },
      traces.blocked,
    ),
  ).toEqual([]);
});

it('marks checkpoints listed by a CheckpointManager as verified', async () => {
  const manager = new CheckpointManager({ dir: path.join(directory, 'checkpoints'), hmacKey: 'secret' });
  const checkpoints = await checkpointsOf(
    { dbPath: path.join(directory, 'traces.db'), port: 0, assetsDir, checkpoints: manager },
    traces.agent,
  );
  expect(checkpoints).toEqual([expect.objectContaining({ checkpointId, spanId: toolSpanId, verified: true })]);
});

it('lists nothing when the checkpoint directory does not exist, without creating it', async () => {
  const missing = path.join(directory, 'no-such-dir');
  expect(
    await checkpointsOf(
      { dbPath: path.join(directory, 'traces.db'), port: 0, assetsDir, checkpointsDir: missing },
      traces.agent,
    ),
  ).toEqual([]);
  expect(() => rmSync(missing)).toThrow();
});
