// Instrumentation never breaks the application: with the trace database read-only, on a full
// disk, deleted, or locked by another connection, and with exporters down or broken, the traced
// work gives the same result; lost spans are counted and reported once.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { lastJson, runChild } from './support/run-child';
import { makeTempDir } from './support/temp-dir';
import { testTimeout } from './support/test-timeout';

jest.setTimeout(testTimeout(120_000));
const temp = makeTempDir('faults');
chmodSync(temp.path, 0o755);
afterAll(() => temp.remove());

interface AppResult {
  checksum: number;
  iterations: number;
  stats?: { queued: number; written: number; dropped: number; exportFailed: number };
  warnings: string[];
  longestStallMs: number;
  constructorError?: { name: string; code?: string; message: string };
  flushError?: string;
  writtenBeforeDeletion?: number;
}

async function runApp(
  mode: string,
  dbPath: string,
  extra = '',
  options: { uid?: number; gid?: number } = {},
): Promise<AppResult & { lines: string[] }> {
  const { lines, stderr, status } = await runChild('fault-app.ts', [mode, dbPath, extra], options);
  expect({
    status,
    stderr: stderr.replace(/\(node:\d+\) \[CLEARSTONE_[A-Z_]+\] Warning: .*\n|\(Use `node --trace-warnings.*\n/g, ''),
  }).toEqual({ status: 0, stderr: '' });
  const result = lastJson<AppResult>(lines, 'result');
  expect(result).toBeDefined();
  return { ...result!, lines };
}

let baseline: AppResult;
const figures: Record<string, unknown> = {};
afterAll(() => console.log(`fault figures: ${JSON.stringify(figures)}`));

beforeAll(async () => {
  baseline = await runApp('healthy', path.join(temp.path, 'healthy.db'));
});

describe('a healthy run (the reference)', () => {
  it('writes every span and warns about nothing', () => {
    expect(baseline.stats).toEqual({ queued: 0, written: baseline.iterations, dropped: 0, exportFailed: 0 });
    expect(baseline.warnings).toEqual([]);
  });
});

const isRoot = process.getuid?.() === 0;

describe('a read-only database', () => {
  // As root, permissions do not apply: the app runs as `nobody`. Otherwise the mode bits suffice.
  const asUser = isRoot ? { uid: 65534, gid: 65534 } : {};

  it('a read-only file: the provider degrades (spans dropped and counted, one warning) and the work is unaffected', async () => {
    const dir = path.join(temp.path, 'read-only-file');
    mkdirSync(dir);
    copyFileSync(path.join(temp.path, 'healthy.db'), path.join(dir, 'traces.db'));
    chmodSync(path.join(dir, 'traces.db'), 0o444);
    chmodSync(dir, 0o555);
    const result = await runApp('read-only-file', path.join(dir, 'traces.db'), '', asUser);
    expect(result.constructorError).toBeUndefined();
    expect(result.checksum).toBe(baseline.checksum);
    expect(result.stats).toEqual({ queued: 0, written: 0, dropped: result.iterations, exportFailed: 0 });
    expect(result.warnings).toEqual(['CLEARSTONE_SPANS_DROPPED']);
  });

  it('a read-only directory: the provider degrades (spans dropped and counted, one warning) and the work is unaffected', async () => {
    const dir = path.join(temp.path, 'read-only-dir');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    const result = await runApp('read-only-dir', path.join(dir, 'nested', 'traces.db'), '', asUser);
    expect(result.constructorError).toBeUndefined();
    expect(result.checksum).toBe(baseline.checksum);
    expect(result.stats).toEqual({ queued: 0, written: 0, dropped: result.iterations, exportFailed: 0 });
    expect(result.warnings).toEqual(['CLEARSTONE_SPANS_DROPPED']);
  });
});

describe('a full disk', () => {
  const mountPoint = path.join(temp.path, 'tiny-disk');
  let mounted = false;
  beforeAll(() => {
    mkdirSync(mountPoint);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint], { stdio: 'ignore' });
      mounted = true;
    } catch {
      mounted = false;
    }
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [mountPoint]);
  });

  it('drops and counts the spans that do not fit, warns once, and the work is unaffected', async () => {
    if (!mounted) {
      console.log('full-disk case skipped: a 1 MiB tmpfs cannot be mounted here (needs root)');
      return;
    }
    const result = await runApp('full-disk', path.join(mountPoint, 'traces.db'));
    expect(result.checksum).toBe(baseline.checksum);
    expect(result.stats!.dropped).toBeGreaterThan(0);
    expect(result.stats!.written + result.stats!.dropped).toBe(result.iterations);
    expect(result.warnings.filter((code) => code === 'CLEARSTONE_SPANS_DROPPED')).toHaveLength(1);
    figures.fullDisk = result.stats;
  });
});

describe('a database deleted while the app runs', () => {
  it('is created again at the same path and receives every later span; reported once; the work is unaffected', async () => {
    const dbPath = path.join(temp.path, 'deleted.db');
    const result = await runApp('deleted', dbPath);
    expect(result.checksum).toBe(baseline.checksum);
    expect(result.flushError).toBeUndefined();
    expect(result.stats).toEqual({ queued: 0, written: result.iterations, dropped: 0, exportFailed: 0 });
    expect(result.warnings).toEqual(['CLEARSTONE_DATABASE_REOPENED']);
    const db = new Database(dbPath, { readonly: true });
    const rows = db.prepare('SELECT count(*) FROM spans').pluck().get() as number;
    db.close();
    // Everything not yet written when the files were deleted is in the new database.
    expect(rows).toBe(result.iterations - result.writtenBeforeDeletion!);
    figures.deleted = { writtenBeforeDeletion: result.writtenBeforeDeletion, rowsInNewFile: rows };
  });
});

describe('a database locked by another connection for 3 seconds', () => {
  it('loses no span once the lock is released, and the work is unaffected', async () => {
    const result = await runApp('locked', path.join(temp.path, 'locked.db'), '3000');
    expect(result.checksum).toBe(baseline.checksum);
    expect(result.stats).toEqual({ queued: 0, written: result.iterations, dropped: 0, exportFailed: 0 });
    expect(result.warnings).toEqual([]);
    // Each write attempt waits at most 25 ms for the lock (it was 5 s); the bound leaves room for a
    // loaded CI machine.
    expect(result.longestStallMs).toBeLessThan(1000);
    figures.lockedLongestEventLoopStallMs = result.longestStallMs;
  });
});

describe('exporters that are down', () => {
  it('spans still reach SQLite, the failure is reported, and the work is unaffected', async () => {
    // A port that was just free: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const result = await runApp('exporter-down', path.join(temp.path, 'exporters.db'), String(port));
    expect(result.checksum).toBe(baseline.checksum);
    // The rejecting exporter fails every batch: each span counted once, one warning for the streak.
    // The OTLP exporter queues and retries on its own, and reports its losses itself, once.
    expect(result.stats).toEqual({
      queued: 0,
      written: result.iterations,
      dropped: 0,
      exportFailed: result.iterations,
    });
    expect(result.warnings.sort()).toEqual(['CLEARSTONE_EXPORT_FAILED', 'CLEARSTONE_OTLP_EXPORT_FAILED']);
    const exporters = lastJson<{ otlp: string }>(result.lines, 'exporters');
    figures.exporterWarnings = result.warnings.length;
    figures.otlpExporter = exporters?.otlp;
  });

  it('an exporter whose export() throws synchronously does not crash the process', async () => {
    const result = await runApp('exporter-throws', path.join(temp.path, 'exporter-throws.db'));
    expect(result.checksum).toBe(baseline.checksum);
    expect(result.stats).toEqual({
      queued: 0,
      written: result.iterations,
      dropped: 0,
      exportFailed: result.iterations,
    });
    expect(result.warnings).toEqual(['CLEARSTONE_EXPORT_FAILED']);
  });
});
