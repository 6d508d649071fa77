/**
 * Backtest throughput of @clearstone/testing over a recorded trace database: 100k traces of 10
 * spans (3 model calls, 4 tool calls) written with TraceStore, then read back
 *  1. raw: better-sqlite3 reading every column of the same span rows in pages, no decoding (the floor);
 *  2. load: PolicyTestHarness.iterateTraces — rows decoded into Trace objects, streamed, whole
 *     (`spanFields: 'full'`) and with only what a replay reads (`spanFields: 'replay'`);
 *  3. backtest: PolicyTestHarness.backtest of a query — the stream (replay fields) replayed
 *     through a 5-policy PolicyEngine, one context per tool and model call (end to end, the
 *     figure users see) — timed in alternation with the floor, ROUNDS times, for ratios taken
 *     under the same machine load; and once reading whole traces, for comparison;
 * each in traces/s and as a ratio to the floor, with the heap high-water mark while streaming
 * (against loading every trace into memory at once).
 *
 * Run (after building core, observability, policy and testing with tsup):
 *   node_modules/.bin/tsx benchmarks/backtest.bench.ts [traceCount]
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALERT, ALLOW, BLOCK } from '@clearstone/core';
import { AuditTrail, PolicyEngine, definePolicy } from '@clearstone/policy';
import { PolicyTestHarness, type backtest } from '@clearstone/testing';
import { heap, mb, sampleHeap } from './support/measure';
import { writeTraceDatabaseReported } from './support/trace-database';

const TRACE_COUNT = Number(process.argv[2] ?? 100_000);
const ROUNDS = 3;
const directory = mkdtempSync(join(tmpdir(), 'clearstone-backtest-bench-'));
const dbPath = join(directory, 'traces.db');

// Five policies of the kinds the built-in library has (reference §5), over the rebuilt context.
const policies = [
  definePolicy({ name: 'block_dangerous_tools', priority: 100 }, (ctx) =>
    ctx.metadata.toolName === 'drop_table' ? BLOCK("Dangerous tool blocked: 'drop_table'") : ALLOW,
  ),
  definePolicy({ name: 'token_limit', priority: 100 }, (ctx) =>
    (ctx.metadata.tokensUsed as number) > 4000
      ? BLOCK(`Token limit exceeded: ${String(ctx.metadata.tokensUsed)} > 4000`)
      : ALLOW,
  ),
  definePolicy({ name: 'guests_read_only', priority: 90 }, (ctx) =>
    ctx.metadata.userRole === 'guest' && ctx.metadata.toolName === 'update_address'
      ? BLOCK('Guests are read-only')
      : ALLOW,
  ),
  definePolicy({ name: 'rate_limit', priority: 95 }, (ctx) =>
    (ctx.metadata.toolCallCount as number) > 10 ? BLOCK('Rate limit exceeded') : ALLOW,
  ),
  definePolicy({ name: 'session_cost_alert', priority: 50 }, (ctx) =>
    (ctx.metadata.sessionCost as number) > 0.005 ? ALERT('Session cost above $0.005') : ALLOW,
  ),
];

/** CPU seconds (user + system) of this process since `since`, a `process.cpuUsage()` reading. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function rawRead(): { seconds: number; cpu: number; rows: number } {
  const db = new Database(dbPath, { readonly: true });
  // Every stored column of every span row, in table order, a page at a time with all(): the
  // cheapest way better-sqlite3 hands rows to JavaScript (iterate() costs more per row, and an
  // ORDER BY on the trace index adds a table lookup per row).
  const page = db.prepare('SELECT * FROM spans WHERE id > ? ORDER BY id LIMIT 2560').raw(true).safeIntegers(true);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let rows = 0;
  let after = 0n;
  for (;;) {
    const batch = page.all(after) as unknown[][];
    if (batch.length === 0) break;
    rows += batch.length;
    after = batch[batch.length - 1][0] as bigint;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(cpuStarted);
  db.close();
  return { seconds, cpu, rows };
}

function load(spanFields: 'full' | 'replay'): { seconds: number; traces: number; spans: number } {
  using harness = new PolicyTestHarness(dbPath);
  const started = performance.now();
  let traces = 0;
  let spans = 0;
  for (const trace of harness.iterateTraces({ spanFields })) {
    traces++;
    spans += trace.spans.length;
    if (traces % 1000 === 0) sampleHeap();
  }
  return { seconds: (performance.now() - started) / 1000, traces, spans };
}

async function evaluate(spanFields?: 'full'): Promise<{
  seconds: number;
  cpu: number;
  summary: ReturnType<Awaited<ReturnType<typeof backtest>>['summary']>;
}> {
  using harness = new PolicyTestHarness(dbPath);
  const engine = new PolicyEngine({ policies, auditTrail: new AuditTrail({ maxEntries: 0 }) });
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = await harness.backtest(engine, spanFields === undefined ? {} : { spanFields });
  return { seconds: (performance.now() - started) / 1000, cpu: cpuSeconds(cpuStarted), summary: result.summary() };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const rate = (count: number, seconds: number): string =>
  `${Math.round(count / seconds)
    .toLocaleString('en-US')
    .padStart(9)} traces/s`;

console.log(
  `Clearstone backtest benchmark — Node ${process.version}, ${TRACE_COUNT.toLocaleString('en-US')} traces × 10 spans`,
);
writeTraceDatabaseReported(dbPath, TRACE_COUNT);

rawRead(); // warm the page cache for every variant alike
const raw = rawRead();
console.log(`\n1. raw better-sqlite3 read of the ${raw.rows.toLocaleString('en-US')} span rows, no decoding (floor)`);
console.log(`   ${rate(TRACE_COUNT, raw.seconds)}   ${(raw.seconds * 1000).toFixed(0)} ms`);

global.gc?.();
heap.peak = 0;
const loaded = load('full');
const streamingPeak = heap.peak;
const loadedLean = load('replay');
console.log(
  `\n2. load: PolicyTestHarness.iterateTraces (${loaded.traces.toLocaleString('en-US')} traces, ${loaded.spans.toLocaleString('en-US')} spans decoded)`,
);
console.log(
  `   whole spans:        ${rate(loaded.traces, loaded.seconds)}   ${(loaded.seconds * 1000).toFixed(0)} ms   ${(raw.seconds / loaded.seconds).toFixed(2)}× the floor's speed`,
);
console.log(
  `   replay fields only: ${rate(loadedLean.traces, loadedLean.seconds)}   ${(loadedLean.seconds * 1000).toFixed(0)} ms   ${(raw.seconds / loadedLean.seconds).toFixed(2)}× the floor's speed`,
);

const rounds: Array<{ floor: number; backtest: number; ratio: number; cpuRatio: number }> = [];
let summary: Awaited<ReturnType<typeof evaluate>>['summary'] | undefined;
for (let round = 0; round < ROUNDS; round++) {
  const floor = rawRead();
  const evaluated = await evaluate();
  summary = evaluated.summary;
  rounds.push({
    floor: floor.seconds,
    backtest: evaluated.seconds,
    ratio: floor.seconds / evaluated.seconds,
    cpuRatio: floor.cpu / evaluated.cpu,
  });
}
const whole = await evaluate('full');
if (JSON.stringify(whole.summary) !== JSON.stringify(summary)) throw new Error('the replay read changed the backtest');
const tracesAnalyzed = summary!.tracesAnalyzed;
const backtestRate = tracesAnalyzed / median(rounds.map((round) => round.backtest));
const ratios = rounds.map((round) => round.ratio);
const cpuRatios = rounds.map((round) => round.cpuRatio);
console.log(
  `\n3. backtest: PolicyTestHarness.backtest of a query, replayed through a 5-policy PolicyEngine (${summary!.callsEvaluated.toLocaleString('en-US')} calls evaluated), ${ROUNDS} rounds in alternation with the floor`,
);
for (const [index, round] of rounds.entries()) {
  console.log(
    `   round ${index + 1}: backtest ${rate(tracesAnalyzed, round.backtest)} (${(round.backtest * 1000).toFixed(0)} ms), floor ${rate(TRACE_COUNT, round.floor)} (${(round.floor * 1000).toFixed(0)} ms): ${round.ratio.toFixed(2)}× the floor's speed (CPU time: ${round.cpuRatio.toFixed(2)}×)`,
  );
}
console.log(
  `   median ${rate(tracesAnalyzed, median(rounds.map((round) => round.backtest)))}, ${median(ratios).toFixed(2)}× the floor's speed (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×; by CPU time ${median(cpuRatios).toFixed(2)}×)   goal ≥ 50,000 traces/s: ${backtestRate >= 50_000 ? 'met' : 'not met'}; goal ≥ 1.0× the floor: ${median(ratios) >= 1 ? 'met' : 'not met'}`,
);
console.log(
  `   reading whole traces instead (spanFields 'full'): ${rate(tracesAnalyzed, whole.seconds)}   ${(whole.seconds * 1000).toFixed(0)} ms (same result)`,
);
console.log(
  `   decisions ${JSON.stringify(summary!.decisions)}; ${summary!.runsBlocked.toLocaleString('en-US')} runs blocked (${summary!.blockRatePercent}%)`,
);

global.gc?.();
const sampleSize = Math.min(TRACE_COUNT, 20_000);
const beforeAll = process.memoryUsage().heapUsed;
using harness = new PolicyTestHarness(dbPath);
const sample = harness.loadTraces({ limit: sampleSize });
const perTrace = (process.memoryUsage().heapUsed - beforeAll) / sample.length;
console.log(
  `\n4. memory: heap high-water while streaming all ${loaded.traces.toLocaleString('en-US')} traces: ${mb(streamingPeak)}`,
);
console.log(
  `   holding traces in memory instead costs ${(perTrace / 1024).toFixed(1)} KiB per trace (${sample.length.toLocaleString('en-US')} loaded): ${mb(perTrace * TRACE_COUNT)} for all of them`,
);
harness.close();
rmSync(directory, { recursive: true, force: true });
