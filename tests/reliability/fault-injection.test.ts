// Instrumentation never breaks the application: with the trace database read-only, on a full
// disk, deleted, or locked by another connection, and with exporters down or broken, the traced
// work gives the same result; lost spans are counted and reported once.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { lastJson, runChild, type ChildOptions } from './support/run-child';
import { makeTempDir } from './support/temp-dir';
import { testTimeout } from './support/test-timeout';

jest.setTimeout(testTimeout(120_000));
const temp = makeTempDir('faults');
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
  writeAttempts?: Array<{ busyTimeoutMs?: number; busy: boolean; ticks: number }>;
}

async function runApp(
  mode: string,
  dbPath: string,
  extra = '',
  options: ChildOptions = {},
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

/** Whether this process can write to a file whose mode is 0444 (root, with CAP_DAC_OVERRIDE). */
function writesIgnoreModes(file: string): boolean {
  writeFileSync(file, '');
  chmodSync(file, 0o444);
  try {
    closeSync(openSync(file, 'a'));
    return true;
  } catch {
    return false;
  }
}

/**
 * What to start the app with so that mode bits bind it. A normal user needs nothing. Root ignores
 * them (CAP_DAC_OVERRIDE): the app then runs as root without that capability (`setpriv`), which
 * still reads every file (CAP_DAC_READ_SEARCH stays), so the checkout may sit anywhere, even in a
 * private 0700 directory — no other user has to reach it.
 */
function modeBoundWrapper(): string[] {
  const probe = path.join(temp.path, 'mode-probe');
  if (!writesIgnoreModes(probe)) return [];
  const wrapper = ['setpriv', '--bounding-set', '-dac_override', '--'];
  const check = spawnSync(
    wrapper[0],
    [
      ...wrapper.slice(1),
      process.execPath,
      '-e',
      "try { require('fs').appendFileSync(process.argv[1], 'x'); process.exit(1); } catch { process.exit(0); }",
      probe,
    ],
    { encoding: 'utf8' },
  );
  if (check.status !== 0)
    throw new Error(
      `This process writes to read-only files (root with CAP_DAC_OVERRIDE), and \`setpriv --bounding-set -dac_override\` (util-linux) could not start the app without that capability: ${check.error?.message ?? (check.stderr || `exit ${String(check.status)}`)}. Run the suite as a normal user, or install util-linux.`,
    );
  return wrapper;
}

describe('a read-only database', () => {
  let wrapper: string[] = [];
  const readOnlyDirs: string[] = [];
  beforeAll(() => {
    wrapper = modeBoundWrapper();
  });
  // Writable again, so that the temporary directory can be removed by a normal user too.
  afterAll(() => readOnlyDirs.forEach((dir) => chmodSync(dir, 0o755)));

  it('a read-only file: the provider degrades (spans dropped and counted, one warning) and the work is unaffected', async () => {
    const dir = path.join(temp.path, 'read-only-file');
    mkdirSync(dir);
    copyFileSync(path.join(temp.path, 'healthy.db'), path.join(dir, 'traces.db'));
    chmodSync(path.join(dir, 'traces.db'), 0o444);
    chmodSync(dir, 0o555);
    readOnlyDirs.push(dir);
    const result = await runApp('read-only-file', path.join(dir, 'traces.db'), '', { wrapper });
    expect(result.constructorError).toBeUndefined();
    expect(result.checksum).toBe(baseline.checksum);
    expect(result.stats).toEqual({ queued: 0, written: 0, dropped: result.iterations, exportFailed: 0 });
    expect(result.warnings).toEqual(['CLEARSTONE_SPANS_DROPPED']);
  });

  it('a read-only directory: the provider degrades (spans dropped and counted, one warning) and the work is unaffected', async () => {
    const dir = path.join(temp.path, 'read-only-dir');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    readOnlyDirs.push(dir);
    const result = await runApp('read-only-dir', path.join(dir, 'nested', 'traces.db'), '', { wrapper });
    expect(result.constructorError).toBeUndefined();
    expect(result.checksum).toBe(baseline.checksum);
    expect(result.stats).toEqual({ queued: 0, written: 0, dropped: result.iterations, exportFailed: 0 });
    expect(result.warnings).toEqual(['CLEARSTONE_SPANS_DROPPED']);
  });
});

describe('a full disk', () => {
  // A 1 MiB tmpfs where one can be mounted (root); elsewhere the app runs with a 1 MiB file size
  // limit (RLIMIT_FSIZE, `ulimit -f`), so that its writes past 1 MiB fail as on a full disk.
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
    // `ulimit -f` counts 512-byte blocks (POSIX sh); Node ignores SIGXFSZ, so a write past the
    // limit fails with EFBIG instead of killing the app.
    const wrapper = mounted ? [] : ['/bin/sh', '-c', 'ulimit -f 2048 && exec "$@"', 'sh'];
    const result = await runApp('full-disk', path.join(mountPoint, 'traces.db'), '', { wrapper });
    expect(result.checksum).toBe(baseline.checksum);
    expect(result.stats!.dropped).toBeGreaterThan(0);
    expect(result.stats!.written + result.stats!.dropped).toBe(result.iterations);
    expect(result.warnings.filter((code) => code === 'CLEARSTONE_SPANS_DROPPED')).toHaveLength(1);
    figures.fullDisk = { ...result.stats, limit: mounted ? '1 MiB tmpfs' : '1 MiB RLIMIT_FSIZE' };
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
  it('loses no span once the lock is released, never waits on the lock for long, and the work is unaffected', async () => {
    const result = await runApp('locked', path.join(temp.path, 'locked.db'), '3000');
    expect(result.checksum).toBe(baseline.checksum);
    expect(result.stats).toEqual({ queued: 0, written: result.iterations, dropped: 0, exportFailed: 0 });
    expect(result.warnings).toEqual([]);
    const attempts = result.writeAttempts!;
    const busy = attempts.filter((attempt) => attempt.busy);
    // The lock was met, and every write asked SQLite to wait at most 25 ms for it (it was the
    // connection's 5 s): the event loop is never held longer than that by a lock.
    expect(busy.length).toBeGreaterThan(0);
    expect([...new Set(attempts.map((attempt) => attempt.busyTimeoutMs))]).toEqual([25]);
    // Retries are on timers: the app's own 5 ms ticker ran between any two refused attempts.
    const retriedWithoutTick = busy.filter((attempt, index) => index > 0 && attempt.ticks === busy[index - 1].ticks);
    expect(retriedWithoutTick).toEqual([]);
    // How long the event loop stalled is a figure of the run, not a check (see benchmarks/).
    figures.lockedLongestEventLoopStallMs = result.longestStallMs;
    figures.lockedWriteAttempts = { total: attempts.length, busy: busy.length };
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
