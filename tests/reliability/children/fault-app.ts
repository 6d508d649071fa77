// An application doing deterministic work inside spans while tracing is in trouble. Prints
// `{"type":"result",…}`: the work's checksum, the provider's counters, the warnings it saw, the
// longest event-loop stall (a figure, not checked) and, with the database locked, how each write
// attempt went, so the test can compare with an undisturbed run.
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { TracerProvider } from '@clearstone/observability';
import * as observability from '@clearstone/observability';

const [mode, dbPath, extra] = process.argv.slice(2);
const warnings: string[] = [];
process.on('warning', (warning) => warnings.push((warning as { code?: string }).code ?? warning.name));

let longestStallMs = 0;
let ticks = 0;
let lastTick = performance.now();
const ticker = setInterval(() => {
  const now = performance.now();
  longestStallMs = Math.max(longestStallMs, now - lastTick);
  lastTick = now;
  ticks += 1;
}, 5);

function exporters(): observability.SpanExporter[] {
  if (mode === 'exporter-throws') {
    // export() throws instead of returning a rejected promise.
    return [
      {
        export: () => {
          throw new Error('exporter bug');
        },
        shutdown: async () => undefined,
      },
    ];
  }
  if (mode !== 'exporter-down') return [];
  const list: observability.SpanExporter[] = [
    { export: async () => Promise.reject(new Error('collector unreachable')), shutdown: async () => undefined },
  ];
  const Otlp = (observability as Record<string, unknown>).OtlpHttpExporter as
    (new (options: object) => observability.SpanExporter) | undefined;
  let otlp = 'not exported';
  try {
    if (Otlp !== undefined)
      list.push(
        new Otlp({
          url: `http://127.0.0.1:${extra}/v1/traces`,
          encoding: 'json',
          maxRetries: 1,
          initialBackoffMs: 10,
          timeoutMs: 500,
        }),
      );
    if (Otlp !== undefined) otlp = 'pointed at a closed port';
  } catch (error) {
    otlp = `unavailable: ${(error as { code?: string }).code ?? String(error)}`;
  }
  process.stdout.write(`${JSON.stringify({ type: 'exporters', otlp })}\n`);
  return list;
}

let provider: TracerProvider | undefined;
let constructorError: { name: string; code?: string; message: string } | undefined;
try {
  provider = new TracerProvider({ dbPath, batchSize: 50, flushIntervalMs: 10, exporters: exporters() });
} catch (error) {
  constructorError = {
    name: (error as Error).name,
    code: (error as { code?: string }).code,
    message: (error as Error).message,
  };
}
const tracer = provider?.getTracer('fault-app');
let locker: Database.Database | undefined;

/** Each write of the provider to SQLite: the busy timeout it asked for, whether the lock refused it, ticks before it. */
const writeAttempts: Array<{ busyTimeoutMs: number | undefined; busy: boolean; ticks: number }> = [];
if (mode === 'locked' && provider !== undefined) {
  const store = provider.traceStore;
  const writeSpans = store.writeSpans.bind(store);
  store.writeSpans = (spans, options) => {
    const attempt = { busyTimeoutMs: options?.busyTimeoutMs, busy: false, ticks };
    writeAttempts.push(attempt);
    try {
      writeSpans(spans, options);
    } catch (error) {
      attempt.busy = /^SQLITE_BUSY/.test(String((error as { code?: unknown }).code));
      throw error;
    }
  };
}

let checksum = 0;
let writtenBeforeDeletion: number | undefined;
const ITERATIONS = 2_000;
for (let iteration = 0; iteration < ITERATIONS; iteration++) {
  if (iteration === 500 && mode === 'deleted') {
    writtenBeforeDeletion = provider?.stats.written;
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  }
  if (iteration === 500 && mode === 'locked') {
    locker = new Database(dbPath);
    locker.exec('BEGIN EXCLUSIVE');
    setTimeout(() => locker?.exec('COMMIT'), Number(extra)).unref();
  }
  const work = () => {
    let value = iteration;
    for (let step = 0; step < 200; step++) value = (value * 31 + step) % 1_000_003;
    return value;
  };
  const value =
    tracer === undefined
      ? work()
      : tracer.span('step', { attributes: { iteration }, input: { iteration } }, (span) => {
          const result = work();
          span.setOutput(result);
          return result;
        });
  checksum = (checksum + value) % 1_000_000_007;
  if (iteration % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
}
let flushError: string | undefined;
try {
  await provider?.shutdown();
} catch (error) {
  flushError = String(error);
}
clearInterval(ticker);
locker?.close();
process.stdout.write(
  `${JSON.stringify({ type: 'result', checksum, iterations: ITERATIONS, stats: provider?.stats, warnings, longestStallMs: Math.round(longestStallMs), constructorError, flushError, writtenBeforeDeletion, writeAttempts: mode === 'locked' ? writeAttempts : undefined })}\n`,
);
