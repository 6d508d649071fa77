import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointManager } from '@clearstone/debugging';
import { TraceStore } from '@clearstone/observability';
import { cliIn, requireBuiltCli, temporaryDirectory, type CliRun } from './helpers/run-cli-process';
import { createTraceDatabase } from './helpers/trace-database';

// Each test runs the built CLI as child processes; a loaded machine needs more than Jest's default 5 s.
jest.setTimeout(60_000);

let project: string;
let cli: (...args: string[]) => Promise<CliRun>;
let first: string;
let second: string;
let traceId: string;

beforeAll(async () => {
  requireBuiltCli();
  project = temporaryDirectory();
  const recorded = await createTraceDatabase(project);
  traceId = recorded.guestDelete;
  const store = new TraceStore(recorded.dbPath, { readonly: true });
  const trace = store.getTrace(traceId)!;
  store.close();
  const manager = new CheckpointManager({ dir: join(project, 'ckpts') });
  const agent = { step: 2, memory: ['asked for users', 'planned delete'], budget: new Map([['tokens', 1020]]) };
  first = manager.createCheckpoint(agent, trace, trace.spans[1].spanId, { label: 'after chat' }).metadata.checkpointId;
  second = manager.createCheckpoint({ ...agent, step: 3 }, trace, trace.spans[2].spanId).metadata.checkpointId;
  cli = cliIn(project);
});

describe('clearstone checkpoints', () => {
  it('lists checkpoints, as a table and as JSON', async () => {
    const table = await cli('checkpoints', 'list', '--dir', 'ckpts');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(first);
    expect(table.stdout).toContain('after chat');
    const listed = JSON.parse((await cli('checkpoints', 'list', '--dir', 'ckpts', '--json')).stdout);
    expect(listed.checkpoints.map((item: { checkpointId: string }) => item.checkpointId).sort()).toEqual(
      [first, second].sort(),
    );
    expect(listed.checkpoints[0]).toMatchObject({ traceId, spanName: expect.any(String) });
    expect(listed.invalidFiles).toEqual([]);
    const none = JSON.parse(
      (await cli('checkpoints', 'list', '--dir', 'ckpts', '--trace', 'ffffffffffffffffffffffffffffffff', '--json'))
        .stdout,
    );
    expect(none.checkpoints).toEqual([]);
  });

  it('shows metadata, spans and the restored state', async () => {
    const result = await cli('checkpoints', 'show', first, '--dir', 'ckpts');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Checkpoint ${first}`);
    expect(result.stdout).toContain('chat gpt-4o  OK  ◀ checkpoint');
    expect(result.stdout).toContain("'planned delete'");
    expect(result.stdout).toContain("Map(1) { 'tokens' => 1020 }");
    const json = JSON.parse((await cli('checkpoints', 'show', first, '--dir', 'ckpts', '--json')).stdout);
    expect(json.metadata).toMatchObject({ checkpointId: first, traceId, label: 'after chat' });
    expect(typeof json.serializedState).toBe('string');
  });

  it('reports a damaged file: left out of the listing with a warning, and show exits 1', async () => {
    const directory = join(project, 'damaged');
    const manager = new CheckpointManager({ dir: directory });
    const store = new TraceStore(join(project, 'traces.db'), { readonly: true });
    const trace = store.getTrace(traceId)!;
    store.close();
    const checkpoint = manager.createCheckpoint({ step: 1 }, trace, trace.spans[0].spanId);
    writeFileSync(checkpoint.path, '{"format":"clearstone-checkpoint", truncated');

    const listed = await cli('checkpoints', 'list', '--dir', 'damaged');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('No checkpoints.');
    expect(listed.stderr).toContain('1 file(s) failed verification');
    const shown = await cli('checkpoints', 'show', checkpoint.metadata.checkpointId, '--dir', 'damaged');
    expect(shown.code).toBe(1);
    expect(shown.stderr).toMatch(/Error: .*checkpoint/i);
  });

  it('deletes by id; unknown ids and a missing directory exit 1', async () => {
    const deleted = await cli('checkpoints', 'delete', second, '--dir', 'ckpts', '--json');
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({ deleted: second });
    expect(readdirSync(join(project, 'ckpts')).some((name) => name.includes(second))).toBe(false);
    expect((await cli('checkpoints', 'delete', second, '--dir', 'ckpts')).code).toBe(1);
    const missing = await cli('checkpoints', 'list', '--dir', 'nowhere');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No checkpoint directory');
    expect(existsSync(join(project, 'nowhere'))).toBe(false);
  });

  it('refuses a path outside the directory', async () => {
    const result = await cli('checkpoints', 'show', '../traces.db', '--dir', 'ckpts');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('outside the checkpoint directory');
  });
});
