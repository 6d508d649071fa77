/**
 * Tracing benchmarks for @clearstone/observability, each printed as a ratio against a baseline
 * measured in the same run:
 *  1. span capture (start + end with 3 attributes, flat and nested) vs the OpenTelemetry JS SDK
 *     (BasicTracerProvider + BatchSpanProcessor with a no-op exporter + AsyncLocalStorage context);
 *  2. persistence, end to end: spans made by `tracer.span` in a loop and persisted to SQLite with
 *     the schema's indexes until `shutdown()` resolves, vs a raw better-sqlite3 loop inserting the
 *     same rows, already converted, into the same schema (the ceiling);
 *  3. RSS growth while producing 1M spans as fast as possible, bounded by maxQueueSize;
 *  4. the longest event-loop stall while another connection holds the database's write lock, vs
 *     the same loop with tracing off (the machine's own timer jitter). The unit tests only check
 *     that each write asks SQLite to wait at most 25 ms and is retried on a timer.
 *
 * Run (after building core and observability with tsup):
 *   node_modules/.bin/tsx benchmarks/tracing.bench.ts [--quick] [capture|persistence|memory|lock ...]
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, SpanExporter as OtelSpanExporter } from '@opentelemetry/sdk-trace-base';
import { TracerProvider, TraceStore } from '@clearstone/observability';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';

const quick = process.argv.includes('--quick');
/** Sections to run (capture, persistence, memory, lock); all when none is named. */
const sections = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const runs = (section: string): boolean => sections.length === 0 || sections.includes(section);

/** The figures the goals are checked against at the end. */
const results: {
  capture?: Array<{ label: string; ours: number; otel: number }>;
  persistence?: { spansPerSecond: number; ofCeiling: number; ofCeilingCpu: number };
} = {};
const directory = mkdtempSync(join(tmpdir(), 'clearstone-tracing-bench-'));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median ns per operation over `rounds` rounds of `perRound` operations. */
function measure(rounds: number, perRound: number, operation: () => void): number {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    for (let index = 0; index < perRound; index++) operation();
    samples.push(Number(process.hrtime.bigint() - start) / perRound);
  }
  return median(samples);
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

// ---------------------------------------------------------------------------------------------
// 1. Span capture
// ---------------------------------------------------------------------------------------------
async function captureBenchmark(): Promise<void> {
  const noopExporter: OtelSpanExporter = {
    export: (_spans: ReadableSpan[], done) => done({ code: 0 }),
    shutdown: async () => {},
  };
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const otelProvider = new BasicTracerProvider({
    spanProcessors: [
      new BatchSpanProcessor(noopExporter, {
        maxQueueSize: 1_000_000,
        maxExportBatchSize: 512,
        scheduledDelayMillis: 5,
      }),
    ],
  });
  trace.setGlobalTracerProvider(otelProvider);
  const otelTracer = otelProvider.getTracer('bench');

  // A memory-only provider isolates capture cost; the SQLite writer runs between rounds.
  const provider = new TracerProvider({
    dbPath: join(directory, 'capture.db'),
    maxQueueSize: 1_000_000,
    batchSize: 2000,
  });
  const tracer = provider.getTracer('bench');

  const rounds = quick ? 15 : 41;
  const perRound = quick ? 2000 : 10_000;
  const attributes = { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 128, 'clearstone.step': 'plan' };

  const flatOtel: number[] = [];
  const flatOurs: number[] = [];
  const nestedOtel: number[] = [];
  const nestedOurs: number[] = [];
  // Interleave the two libraries round by round, draining queues between rounds (not timed). The
  // first rounds warm up the JIT and are discarded.
  const warmup = 5;
  for (let round = -warmup; round < rounds; round++) {
    if (round === 0) for (const samples of [flatOtel, flatOurs, nestedOtel, nestedOurs]) samples.length = 0;
    flatOtel.push(
      measure(1, perRound, () => {
        const span = otelTracer.startSpan('step', { attributes });
        span.end();
      }),
    );
    flatOurs.push(
      measure(1, perRound, () => {
        const span = tracer.startSpan('step', { attributes });
        span.end();
      }),
    );
    nestedOtel.push(
      measure(1, perRound / 2, () => {
        otelTracer.startActiveSpan('parent', (parent) => {
          otelTracer.startActiveSpan('child', { attributes }, (child) => child.end());
          parent.end();
        });
      }) / 2,
    );
    nestedOurs.push(
      measure(1, perRound / 2, () => {
        tracer.span('parent', () => tracer.span('child', { attributes }, () => undefined));
      }) / 2,
    );
    await otelProvider.forceFlush();
    await provider.forceFlush();
  }
  const captured = [
    { label: 'flat: startSpan + 3 attributes + end', ours: median(flatOurs), otel: median(flatOtel) },
    { label: 'nested: span(parent, span(child)) per span', ours: median(nestedOurs), otel: median(nestedOtel) },
  ];
  results.capture = captured;

  console.log('\n1. Span capture (median ns per span; OpenTelemetry JS SDK 2.2 measured in the same run)');
  for (const { label, ours, otel } of captured) {
    console.log(
      `   ${label.padEnd(46)} clearstone ${ours.toFixed(0).padStart(5)} ns   otel ${otel.toFixed(0).padStart(5)} ns   → ${(otel / ours).toFixed(2)}× faster`,
    );
  }
  await otelProvider.shutdown();
  await provider.shutdown();
  provider.traceStore.close();
  contextManager.disable();
}

// ---------------------------------------------------------------------------------------------
// 2. Persistence
// ---------------------------------------------------------------------------------------------
function makeSpans(tracerProvider: TracerProvider, count: number): void {
  const tracer = tracerProvider.getTracer('persist', '1.0.0');
  const attributes = { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 128, 'clearstone.step': 'plan' };
  for (let made = 0; made < count; made += 10) {
    tracer.span('agent.run', () => {
      for (let child = 1; child < 10; child++) tracer.span('tool.call', { attributes }, () => undefined);
    });
  }
}

/** One end-to-end run: spans made by tracer.span in a loop, then shutdown() until it resolves. */
async function persistOnce(
  path: string,
  count: number,
): Promise<{ seconds: number; cpuSeconds: number; captureNs: number; writeNs: number }> {
  // The queue holds every span of the loop (it never yields), so maxQueueSize is raised to the
  // count; every other setting is the default.
  global.gc?.();
  const provider = new TracerProvider({ dbPath: path, maxQueueSize: count });
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  makeSpans(provider, count);
  const captured = process.hrtime.bigint();
  const receipt = await provider.shutdown();
  const end = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpuStart);
  provider.traceStore.close();
  if (receipt.persisted !== count || receipt.dropped !== 0)
    throw new Error(`expected ${count} spans persisted, got ${JSON.stringify(receipt)}`);
  return {
    seconds: Number(end - start) / 1e9,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    captureNs: Number(captured - start) / count,
    writeNs: Number(end - captured) / count,
  };
}

/** The ceiling: `rows` (read back from a database written by the provider), inserted by a raw loop. */
function rawInsertSeconds(
  path: string,
  rows: unknown[][],
  traceIdOf: Map<bigint, Buffer>,
): { seconds: number; cpuSeconds: number } {
  new TraceStore(path).close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  // Like the provider's writer, which inserts each span's trace row first in the same transaction.
  db.pragma('foreign_keys = OFF');
  const findTrace = db.prepare('SELECT trace_key FROM traces WHERE trace_id = ?').pluck();
  const addTrace = db.prepare('INSERT INTO traces (trace_id) VALUES (?)');
  const insert =
    db.prepare(`INSERT INTO spans (span_id, trace_key, parent_span_id, is_root, name, kind, status, start_time_ns, end_time_ns, attributes,
    events, links, input, output, error_message, error_stack, instrumentation_name, instrumentation_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const insertBatch = db.transaction((batch: unknown[][]) => {
    const keys = new Map<bigint, unknown>();
    for (const row of batch) {
      const storedKey = row[2] as bigint;
      let key = keys.get(storedKey);
      if (key === undefined) {
        const traceId = traceIdOf.get(storedKey)!;
        key = findTrace.get(traceId) ?? addTrace.run(traceId).lastInsertRowid;
        keys.set(storedKey, key);
      }
      insert.run(row[1], key, ...row.slice(3));
    }
  });
  global.gc?.();
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let index = 0; index < rows.length; index += 2000) insertBatch.immediate(rows.slice(index, index + 2000));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  db.close();
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

async function persistenceBenchmark(): Promise<void> {
  const count = quick ? 50_000 : 200_000;
  const rounds = quick ? 1 : 3;
  // The machine is shared: each round runs the provider, then the raw loop on the rows it wrote,
  // and the ratio is taken per round.
  const ours: number[] = [];
  const ceilings: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  const captureNs: number[] = [];
  const writeNs: number[] = [];
  // A short unmeasured run first, so that both sides are compiled by the JIT when measured.
  const warmPath = join(directory, 'persist-warmup.db');
  await persistOnce(warmPath, 20_000);
  const warmSource = new Database(warmPath, { readonly: true });
  const warmRows = warmSource
    .prepare('SELECT * FROM spans ORDER BY id')
    .raw(true)
    .safeIntegers(true)
    .all() as unknown[][];
  const warmTraces = warmSource.prepare('SELECT * FROM traces ORDER BY trace_key').raw(true).all() as unknown[][];
  warmSource.close();
  rawInsertSeconds(
    join(directory, 'ceiling-warmup.db'),
    warmRows,
    new Map(warmTraces.map(([key, id]) => [BigInt(key as number), id as Buffer])),
  );
  for (let round = 0; round < rounds; round++) {
    const ourPath = join(directory, `persist-${round}.db`);
    const run = await persistOnce(ourPath, count);
    const source = new Database(ourPath, { readonly: true });
    const rows = source.prepare('SELECT * FROM spans ORDER BY id').raw(true).safeIntegers(true).all() as unknown[][];
    const traceRows = source.prepare('SELECT * FROM traces ORDER BY trace_key').raw(true).all() as unknown[][];
    source.close();
    const traceIdOf = new Map<bigint, Buffer>(traceRows.map(([key, id]) => [BigInt(key as number), id as Buffer]));
    const raw = rawInsertSeconds(join(directory, `ceiling-${round}.db`), rows, traceIdOf);
    ours.push(count / run.seconds);
    ceilings.push(rows.length / raw.seconds);
    ratios.push(raw.seconds / run.seconds);
    cpuRatios.push(raw.cpuSeconds / run.cpuSeconds);
    captureNs.push(run.captureNs);
    writeNs.push(run.writeNs);
  }
  // The alternative writer design: a worker thread would take the SQLite work off the main thread,
  // but the main thread would still pay to clone each batch into the message.
  const store = new TraceStore(join(directory, 'persist-0.db'), { readonly: true });
  const batch = store.querySpans({ limit: 2000 });
  store.close();
  const { port1, port2 } = new MessageChannel();
  port2.on('message', () => undefined);
  const cloneNs = measure(quick ? 5 : 15, 10, () => port1.postMessage(batch)) / batch.length;
  port1.close();
  port2.close();

  const spansPerSecond = median(ours);
  const ofCeiling = median(ratios);
  results.persistence = { spansPerSecond, ofCeiling, ofCeilingCpu: median(cpuRatios) };
  const range = (values: number[], format: (value: number) => string): string =>
    values.length > 1 ? ` (${format(Math.min(...values))}–${format(Math.max(...values))})` : '';
  const perSecond = (value: number): string => Math.round(value).toLocaleString('en-US');
  console.log(
    `\n2. Persistence, capture included (${count.toLocaleString('en-US')} spans by tracer.span in a loop, 10 per trace, 3 attributes, until shutdown() resolves; median of ${rounds})`,
  );
  console.log(
    `   clearstone, end to end                 ${perSecond(spansPerSecond).padStart(9)} spans/s${range(ours, perSecond)}: ${median(captureNs).toFixed(0)} ns/span capture + ${median(writeNs).toFixed(0)} ns/span convert and write`,
  );
  console.log(
    `   raw better-sqlite3 loop, same rows      ${perSecond(median(ceilings)).padStart(9)} spans/s${range(ceilings, perSecond)}, rows already converted`,
  );
  console.log(
    `   → ${(ofCeiling * 100).toFixed(0)}% of the raw loop${range(ratios, (value) => `${(value * 100).toFixed(0)}%`)}; in CPU time (less sensitive to other load on the machine) ${(median(cpuRatios) * 100).toFixed(0)}%${range(cpuRatios, (value) => `${(value * 100).toFixed(0)}%`)}`,
  );
  console.log(
    `   worker-thread alternative: the postMessage clone alone costs ${cloneNs.toFixed(0)} ns/span on the main thread (${((cloneNs / median(writeNs)) * 100).toFixed(0)}% of the in-thread convert and write)`,
  );
}

// ---------------------------------------------------------------------------------------------
// 3. Memory under a flood of spans
// ---------------------------------------------------------------------------------------------
async function memoryBenchmark(): Promise<void> {
  const total = quick ? 200_000 : 1_000_000;
  const maxQueueSize = 100_000;
  const provider = new TracerProvider({ dbPath: join(directory, 'flood.db'), maxQueueSize });
  const tracer = provider.getTracer('flood');
  const attributes = { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 128, 'clearstone.step': 'plan' };
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  for (let made = 0; made < total; made += 10_000) {
    for (let index = 0; index < 10_000; index++) tracer.startSpan('step', { attributes }).end();
    peak = Math.max(peak, process.memoryUsage().rss);
    // Yield now and then as a server would; the writer gets an event-loop turn each time.
    if (made % 50_000 === 0) await settle();
  }
  await provider.shutdown();
  peak = Math.max(peak, process.memoryUsage().rss);
  const stats = provider.stats;
  provider.traceStore.close();
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
  console.log(
    `\n3. Memory: ${total.toLocaleString('en-US')} spans produced as fast as possible, maxQueueSize ${maxQueueSize.toLocaleString('en-US')}`,
  );
  console.log(
    `   RSS before ${mb(before)}, peak ${mb(peak)} (growth ${mb(peak - before)}, ${((peak - before) / maxQueueSize).toFixed(0)} bytes per queue slot)`,
  );
  console.log(
    `   written ${stats.written.toLocaleString('en-US')}, dropped ${stats.dropped.toLocaleString('en-US')} (counted, with one warning)`,
  );
}

// ---------------------------------------------------------------------------------------------
// 4. Event-loop stalls while the database is locked
// ---------------------------------------------------------------------------------------------
/** Longest gap (ms) between 2 ms ticks while `work` runs. */
async function longestStall(work: () => Promise<void>): Promise<number> {
  let longest = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 2);
  try {
    await work();
  } finally {
    clearInterval(ticker);
  }
  return longest;
}

async function lockBenchmark(): Promise<void> {
  const lockedMs = quick ? 1000 : 3000;
  const path = join(directory, 'locked.db');
  const provider = new TracerProvider({ dbPath: path, batchSize: 10, flushIntervalMs: 5 });
  const tracer = provider.getTracer('locked');
  /** Ends 10 spans every 10 ms for `lockedMs` (tracing off: the same loop without spans). */
  const produce = async (traced: boolean): Promise<void> => {
    const until = Date.now() + lockedMs;
    while (Date.now() < until) {
      if (traced) for (let index = 0; index < 10; index++) tracer.startSpan('step').end();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const idle = await longestStall(() => produce(false));
  const locker = new Database(path);
  locker.exec('BEGIN EXCLUSIVE');
  const locked = await longestStall(async () => {
    await produce(true);
    setTimeout(() => locker.exec('COMMIT'), 100);
    await provider.forceFlush();
  });
  locker.close();
  const stats = provider.stats;
  await provider.shutdown();
  provider.traceStore.close();
  console.log(`\n4. Database locked by another connection for ${lockedMs / 1000} s while spans end every 10 ms`);
  console.log(
    `   longest event-loop stall ${locked.toFixed(0)} ms (tracing off, the same loop: ${idle.toFixed(0)} ms); ${stats.written.toLocaleString('en-US')} spans written once the lock was released, ${stats.dropped} dropped`,
  );
}

process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if ((warning as { code?: string }).code !== 'CLEARSTONE_SPANS_DROPPED') console.warn(warning.message);
});
/** Prints which goals of rows 1 and 2 the run meets. */
function printGoals(): void {
  const lines: string[] = [];
  for (const { label, ours, otel } of results.capture ?? []) {
    const met = ours <= 1000 && otel / ours >= 3;
    lines.push(
      `   ${met ? 'met    ' : 'not met'} ${label.split(':')[0]} capture ≤ 1 µs and ≥ 3× the OpenTelemetry SDK: ${ours.toFixed(0)} ns, ${(otel / ours).toFixed(2)}×`,
    );
  }
  const persistence = results.persistence;
  if (persistence !== undefined) {
    const met = persistence.spansPerSecond >= 100_000 && persistence.ofCeiling >= 0.7;
    lines.push(
      `   ${met ? 'met    ' : 'not met'} persistence ≥ 100k spans/s and ≥ 70% of the raw loop: ${Math.round(persistence.spansPerSecond).toLocaleString('en-US')} spans/s, ${(persistence.ofCeiling * 100).toFixed(0)}% (${(persistence.ofCeilingCpu * 100).toFixed(0)}% in CPU time)`,
    );
  }
  if (lines.length > 0) console.log(`\nGoals\n${lines.join('\n')}`);
}

try {
  console.log(`Clearstone tracing benchmarks — Node ${process.version}${quick ? ' (quick)' : ''}`);
  // Memory first, so that the other benchmarks' allocations do not hide its growth.
  if (runs('memory')) await memoryBenchmark();
  if (runs('capture')) await captureBenchmark();
  if (runs('persistence')) await persistenceBenchmark();
  if (runs('lock')) await lockBenchmark();
  printGoals();
} finally {
  rmSync(directory, { recursive: true, force: true });
}
