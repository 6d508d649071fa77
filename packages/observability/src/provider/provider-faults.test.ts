import Database from 'better-sqlite3';
import { rmSync, writeFileSync } from 'node:fs';
import { useTempDir } from '../../test/support/temp-dir';
import type { SpanExporter } from '../export';
import { TraceStore } from '../storage';
import { EXPORT_WARNING_INTERVAL_MS, WRITE_BUSY_TIMEOUT_MS } from './span-pipeline';
import { TracerProvider } from './tracer-provider';

const tempPath = useTempDir();

/** Process warnings emitted from now on, as `CODE: message` (the warnings are still emitted). */
function captureWarnings(): { readonly list: string[]; stop(): void } {
  const spy = jest.spyOn(process, 'emitWarning');
  let kept: string[] | undefined;
  const read = () => spy.mock.calls.map(([warning, options]) => `${options?.code}: ${String(warning)}`);
  return {
    get list() {
      return kept ?? read();
    },
    stop: () => {
      kept = read();
      spy.mockRestore();
    },
  };
}

function withCode(warnings: readonly string[], code: string): string[] {
  return warnings.filter((warning) => warning.startsWith(`${code}:`));
}

function endSpans(provider: TracerProvider, count: number): void {
  const tracer = provider.getTracer('faults');
  for (let index = 0; index < count; index++) tracer.startSpan('step', { attributes: { index } }).end();
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('exporters that fail', () => {
  it('an export() that throws synchronously is counted and reported like a rejection', async () => {
    const warnings = captureWarnings();
    const throwing: SpanExporter = {
      export: () => {
        throw new Error('not even a promise');
      },
      shutdown: async () => undefined,
    };
    const provider = new TracerProvider({ dbPath: tempPath('traces.db'), batchSize: 10, exporters: [throwing] });
    endSpans(provider, 25);
    await tick();
    await expect(provider.shutdown()).resolves.toEqual({
      persisted: 25,
      exported: 0,
      dropped: 0,
      failed: 25,
      queued: 0,
    });
    warnings.stop();
    expect(provider.stats).toEqual({ queued: 0, written: 25, dropped: 0, exportFailed: 25 });
    expect(withCode(warnings.list, 'CLEARSTONE_EXPORT_FAILED')).toEqual([
      expect.stringContaining('not even a promise'),
    ]);
    expect(provider.traceStore.querySpans()).toHaveLength(25);
    provider.traceStore.close();
  });

  it('exporters that return garbage, or whose forceFlush/shutdown throw, never make flush or shutdown reject', async () => {
    const warnings = captureWarnings();
    const garbage = {
      export: () => undefined,
      shutdown: () => Promise.reject(new Error('cannot shut down')),
      forceFlush: () => {
        throw new Error('cannot flush');
      },
    } as unknown as SpanExporter;
    const provider = new TracerProvider({ dbPath: null, exporters: [garbage] });
    endSpans(provider, 3);
    await expect(provider.forceFlush()).resolves.toEqual({
      persisted: 0,
      exported: 3,
      dropped: 0,
      failed: 0,
      queued: 0,
    });
    await expect(provider.shutdown()).resolves.toEqual({ persisted: 0, exported: 3, dropped: 0, failed: 0, queued: 0 });
    warnings.stop();
    expect(provider.stats).toEqual({ queued: 0, written: 3, dropped: 0, exportFailed: 0 });
    expect(withCode(warnings.list, 'CLEARSTONE_EXPORT_FAILED')).toEqual([
      expect.stringContaining('forceFlush() failed (no span lost): Error: cannot flush'),
    ]);
  });

  it('warn once per failure streak, count every span they failed to send, and warn again after a recovery', async () => {
    const warnings = captureWarnings();
    let failing = true;
    const flaky: SpanExporter = {
      export: async () => (failing ? Promise.reject(new Error('collector down')) : undefined),
      shutdown: async () => undefined,
    };
    const provider = new TracerProvider({ dbPath: tempPath('traces.db'), batchSize: 10, exporters: [flaky] });
    for (let batch = 0; batch < 41; batch++) {
      endSpans(provider, 10);
      await provider.forceFlush();
    }
    expect(provider.stats).toEqual({ queued: 0, written: 410, dropped: 0, exportFailed: 410 });
    expect(withCode(warnings.list, 'CLEARSTONE_EXPORT_FAILED')).toHaveLength(1);

    // Recovers, then fails again at once: within the interval, counted but not warned again.
    failing = false;
    endSpans(provider, 10);
    await provider.forceFlush();
    failing = true;
    endSpans(provider, 10);
    await provider.forceFlush();
    expect(provider.stats.exportFailed).toBe(420);
    expect(withCode(warnings.list, 'CLEARSTONE_EXPORT_FAILED')).toHaveLength(1);

    // Recovers, and fails again after the interval: a new warning.
    failing = false;
    endSpans(provider, 10);
    await provider.forceFlush();
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + EXPORT_WARNING_INTERVAL_MS + 1);
    failing = true;
    endSpans(provider, 10);
    await provider.forceFlush();
    clock.mockRestore();
    await provider.shutdown();
    warnings.stop();
    expect(provider.stats).toEqual({ queued: 0, written: 450, dropped: 0, exportFailed: 430 });
    expect(withCode(warnings.list, 'CLEARSTONE_EXPORT_FAILED')).toHaveLength(2);
    provider.traceStore.close();
  });
});

describe('a database deleted while the provider writes to it', () => {
  it('is recreated at the same path, written from then on, and reported once', async () => {
    const warnings = captureWarnings();
    const path = tempPath('traces.db');
    const provider = new TracerProvider({ dbPath: path, batchSize: 10 });
    endSpans(provider, 30);
    await provider.forceFlush();
    for (let round = 0; round < 3; round++) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      endSpans(provider, 20);
      await provider.forceFlush();
    }
    await provider.shutdown();
    warnings.stop();
    expect(provider.stats).toEqual({ queued: 0, written: 90, dropped: 0, exportFailed: 0 });
    expect(withCode(warnings.list, 'CLEARSTONE_DATABASE_REOPENED')).toHaveLength(1);
    expect(provider.traceStore.querySpans()).toHaveLength(20);
    provider.traceStore.close();
    const reader = new TraceStore(path, { readonly: true });
    expect(reader.querySpans()).toHaveLength(20);
    reader.close();
  });

  it('drops and counts spans, warning once, when the path cannot be created again', async () => {
    const warnings = captureWarnings();
    const directory = tempPath('data');
    const provider = new TracerProvider({ dbPath: `${directory}/traces.db`, batchSize: 10 });
    endSpans(provider, 10);
    await provider.forceFlush();
    rmSync(directory, { recursive: true, force: true });
    writeFileSync(directory, 'a file where the directory was');
    endSpans(provider, 25);
    await expect(provider.shutdown()).resolves.toEqual({
      persisted: 10,
      exported: 0,
      dropped: 25,
      failed: 0,
      queued: 0,
    });
    warnings.stop();
    expect(provider.stats).toEqual({ queued: 0, written: 10, dropped: 25, exportFailed: 0 });
    expect(withCode(warnings.list, 'CLEARSTONE_SPANS_DROPPED')).toEqual([
      expect.stringContaining('cannot be opened again (DATABASE_NOT_WRITABLE'),
    ]);
  });
});

describe('a database locked by another connection', () => {
  it('does not stall the event loop, keeps the spans queued and writes them all once the lock is released', async () => {
    const path = tempPath('traces.db');
    const provider = new TracerProvider({ dbPath: path, batchSize: 10, flushIntervalMs: 5 });
    const locker = new Database(path);
    locker.exec('BEGIN EXCLUSIVE');
    // Every write the provider attempts: the busy timeout it asks SQLite for, whether the lock
    // refused it, and how many times the test's own timer had run before it.
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 2);
    const attempts: Array<{ busyTimeoutMs: number | undefined; busy: boolean; ticks: number }> = [];
    const store = provider.traceStore;
    const writeSpans = store.writeSpans.bind(store);
    jest.spyOn(store, 'writeSpans').mockImplementation((spans, options) => {
      const attempt = { busyTimeoutMs: options?.busyTimeoutMs, busy: false, ticks };
      attempts.push(attempt);
      try {
        writeSpans(spans, options);
      } catch (error) {
        attempt.busy = /^SQLITE_BUSY/.test(String((error as { code?: unknown }).code));
        throw error;
      }
    });
    const unlockAt = Date.now() + 1500;
    while (Date.now() < unlockAt) {
      endSpans(provider, 10);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(provider.stats.written).toBe(0);
    const ended = provider.stats.queued;
    expect(ended).toBeGreaterThan(0);
    setTimeout(() => locker.exec('COMMIT'), 300);
    await provider.forceFlush();
    clearInterval(ticker);
    locker.close();
    expect(provider.stats).toEqual({ queued: 0, written: ended, dropped: 0, exportFailed: 0 });
    // Each attempt waits at most WRITE_BUSY_TIMEOUT_MS (25 ms) for the lock, never the
    // connection's 5 s busy timeout, which stalled the event loop for 5 s per attempt.
    const busy = attempts.filter((attempt) => attempt.busy);
    expect(busy.length).toBeGreaterThan(1);
    expect([...new Set(attempts.map((attempt) => attempt.busyTimeoutMs))]).toEqual([WRITE_BUSY_TIMEOUT_MS]);
    // A refused write is retried on a timer, not in a loop: other timers run in between.
    expect(busy.filter((attempt, index) => index > 0 && attempt.ticks === busy[index - 1].ticks)).toEqual([]);
    expect(provider.traceStore.querySpans({ limit: 100_000 })).toHaveLength(ended);
    await provider.shutdown();
    provider.traceStore.close();
  });

  it('drops and counts what does not fit in maxQueueSize while locked, naming the lock', async () => {
    const warnings = captureWarnings();
    const path = tempPath('traces.db');
    const provider = new TracerProvider({ dbPath: path, batchSize: 10, maxQueueSize: 50 });
    const locker = new Database(path);
    locker.exec('BEGIN EXCLUSIVE');
    endSpans(provider, 20);
    await tick();
    endSpans(provider, 60);
    locker.exec('COMMIT');
    locker.close();
    await provider.shutdown();
    warnings.stop();
    expect(provider.stats).toEqual({ queued: 0, written: 50, dropped: 30, exportFailed: 0 });
    expect(withCode(warnings.list, 'CLEARSTONE_SPANS_DROPPED')).toEqual([
      expect.stringContaining('is locked by another connection'),
    ]);
    expect(warnings.list.some((warning) => warning.includes('SQLITE_BUSY'))).toBe(false);
    provider.traceStore.close();
  });
});

describe('a database that cannot be opened for writing', () => {
  it('the provider is created anyway, drops and counts spans and warns once; traceStore gives the coded error', async () => {
    const warnings = captureWarnings();
    const blocker = tempPath('not-a-directory');
    writeFileSync(blocker, 'x');
    const provider = new TracerProvider({ dbPath: `${blocker}/traces.db` });
    const tracer = provider.getTracer('degraded');
    const value = tracer.span('work', (span) => {
      span.setAttribute('a', 1);
      return 42;
    });
    endSpans(provider, 9);
    await expect(provider.shutdown()).resolves.toEqual({
      persisted: 0,
      exported: 0,
      dropped: 10,
      failed: 0,
      queued: 0,
    });
    warnings.stop();
    expect(value).toBe(42);
    expect(provider.stats).toEqual({ queued: 0, written: 0, dropped: 10, exportFailed: 0 });
    expect(withCode(warnings.list, 'CLEARSTONE_SPANS_DROPPED')).toEqual([
      expect.stringContaining('DATABASE_NOT_WRITABLE'),
    ]);
    expect(() => provider.traceStore).toThrow(
      expect.objectContaining({ name: 'TraceStoreError', code: 'DATABASE_NOT_WRITABLE' }),
    );
  });

  it('strict: true throws the TraceStoreError at construction instead', () => {
    const blocker = tempPath('not-a-directory');
    writeFileSync(blocker, 'x');
    expect(() => new TracerProvider({ dbPath: `${blocker}/traces.db`, strict: true })).toThrow(
      expect.objectContaining({ name: 'TraceStoreError', code: 'DATABASE_NOT_WRITABLE' }),
    );
    expect(() => new TracerProvider({ dbPath: tempPath('ok.db'), strict: 'yes' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'strict' }),
    );
  });

  it('a file that is not a Clearstone database degrades the same way', async () => {
    const warnings = captureWarnings();
    const path = tempPath('notes.txt');
    writeFileSync(path, 'x'.repeat(4096));
    const provider = new TracerProvider({ dbPath: path });
    endSpans(provider, 3);
    await provider.shutdown();
    warnings.stop();
    expect(provider.stats.dropped).toBe(3);
    expect(withCode(warnings.list, 'CLEARSTONE_SPANS_DROPPED')).toEqual([
      expect.stringContaining('NOT_A_CLEARSTONE_DATABASE'),
    ]);
    expect(() => provider.traceStore).toThrow(expect.objectContaining({ code: 'NOT_A_CLEARSTONE_DATABASE' }));
  });
});
