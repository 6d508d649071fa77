import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useTempDir } from './support/temp-dir';

const run = promisify(execFile);
const tsx = join(__dirname, '../../../node_modules/.bin/tsx');
const fixture = join(__dirname, 'fixtures/write-spans.mts');
const tempPath = useTempDir();

function countRows(path: string): { spans: number; traces: number } {
  const db = new Database(path, { readonly: true });
  const spans = db.prepare('SELECT count(*) FROM spans').pluck().get() as number;
  const traces = db.prepare('SELECT count(*) FROM traces').pluck().get() as number;
  db.close();
  return { spans, traces };
}

describe('writing from child processes', () => {
  it('persists 10k spans from two processes writing one file at the same time', async () => {
    const path = tempPath('shared.db');
    const results = await Promise.all([
      run(tsx, [fixture, path, '5000', 'shutdown']),
      run(tsx, [fixture, path, '5000', 'shutdown']),
    ]);
    for (const { stdout } of results)
      expect(JSON.parse(stdout)).toEqual({ queued: 0, written: 5000, dropped: 0, exportFailed: 0 });
    expect(countRows(path)).toEqual({ spans: 10_000, traces: 2 });
  }, 60_000);

  it.each(['exit', 'process.exit'])(
    'persists everything still queued when the process ends without shutdown (%s)',
    async (ending) => {
      const path = tempPath('exit.db');
      const { stdout } = await run(tsx, [fixture, path, '3000', ending]);
      expect(JSON.parse(stdout).queued).toBe(3000);
      expect(countRows(path)).toEqual({ spans: 3000, traces: 1 });
    },
    60_000,
  );
});
