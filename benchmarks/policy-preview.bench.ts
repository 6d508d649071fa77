/**
 * Policy change preview over a recorded trace database: 100k traces of 10 spans (3 model calls,
 * 4 tool calls) written with TraceStore, then streamed through
 *  1. backtest: one policy set (the head set, 5 policies), the baseline of every ratio;
 *  2. two backtests, baseline then head, and compareBacktests: the two-pass way to compare sets;
 *  3. previewPolicyChange(baseline, head): both sets in one pass, each call's context built once;
 *  4. the CLI, `clearstone backtest --baseline … --policies … --format json`, in a child process
 *     whose heap is capped at 96 MB (it fails if memory grows with the number of traces);
 * each in traces/s, as a ratio to (1), with the heap high-water mark while streaming.
 *
 * Run (after building core, observability, policy, testing and cli with tsup):
 *   node_modules/.bin/tsx benchmarks/policy-preview.bench.ts [traceCount]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ALERT, ALLOW, BLOCK } from '@clearstone/core';
import type { Trace } from '@clearstone/core';
import { definePolicy } from '@clearstone/policy';
import { PolicyTestHarness, backtest, compareBacktests, previewPolicyChange } from '@clearstone/testing';
import { heap, mb, sampleHeap } from './support/measure';
import { writeTraceDatabaseReported } from './support/trace-database';

const TRACE_COUNT = Number(process.argv[2] ?? 100_000);
const CLI_HEAP_MB = 96;
const here = dirname(fileURLToPath(import.meta.url));
const cliBin = join(here, '../packages/cli/dist/bin.js');
const directory = mkdtempSync(join(tmpdir(), 'clearstone-preview-bench-'));
const dbPath = join(directory, 'traces.db');

// The two policy sets, as the CLI loads them from files, and as functions for the library runs.
const BASELINE_SOURCE = `
import { ALERT, ALLOW, BLOCK } from '@clearstone/core';
import { definePolicy } from '@clearstone/policy';
export const blockDangerousTools = definePolicy({ name: 'block_dangerous_tools', priority: 100 }, (ctx) =>
  ctx.metadata.toolName === 'drop_table' ? BLOCK("Dangerous tool blocked: 'drop_table'") : ALLOW);
export const tokenLimit = definePolicy({ name: 'token_limit', priority: 100 }, (ctx) =>
  (ctx.metadata.tokensUsed as number) > 5000 ? BLOCK(\`Token limit exceeded: \${String(ctx.metadata.tokensUsed)} > 5000\`) : ALLOW);
export const rateLimit = definePolicy({ name: 'rate_limit', priority: 95 }, (ctx) =>
  (ctx.metadata.toolCallCount as number) > 10 ? BLOCK('Rate limit exceeded') : ALLOW);
export const sessionCostAlert = definePolicy({ name: 'session_cost_alert', priority: 50 }, (ctx) =>
  (ctx.metadata.sessionCost as number) > 0.003 ? ALERT('Session cost above $0.003') : ALLOW);
`;

/** Baseline: the limits in production. */
function baselinePolicies() {
  return [
    definePolicy({ name: 'block_dangerous_tools', priority: 100 }, (ctx) =>
      ctx.metadata.toolName === 'drop_table' ? BLOCK("Dangerous tool blocked: 'drop_table'") : ALLOW,
    ),
    definePolicy({ name: 'token_limit', priority: 100 }, (ctx) =>
      (ctx.metadata.tokensUsed as number) > 5000
        ? BLOCK(`Token limit exceeded: ${String(ctx.metadata.tokensUsed)} > 5000`)
        : ALLOW,
    ),
    definePolicy({ name: 'rate_limit', priority: 95 }, (ctx) =>
      (ctx.metadata.toolCallCount as number) > 10 ? BLOCK('Rate limit exceeded') : ALLOW,
    ),
    definePolicy({ name: 'session_cost_alert', priority: 50 }, (ctx) =>
      (ctx.metadata.sessionCost as number) > 0.003 ? ALERT('Session cost above $0.003') : ALLOW,
    ),
  ];
}

const HEAD_SOURCE = `
import { ALERT, ALLOW, BLOCK } from '@clearstone/core';
import { definePolicy } from '@clearstone/policy';
export const blockDangerousTools = definePolicy({ name: 'block_dangerous_tools', priority: 100 }, (ctx) =>
  ctx.metadata.toolName === 'drop_table' ? BLOCK("Dangerous tool blocked: 'drop_table'") : ALLOW);
export const tokenLimit = definePolicy({ name: 'token_limit', priority: 100 }, (ctx) =>
  (ctx.metadata.tokensUsed as number) > 4000 ? BLOCK(\`Token limit exceeded: \${String(ctx.metadata.tokensUsed)} > 4000\`) : ALLOW);
export const guestsReadOnly = definePolicy({ name: 'guests_read_only', priority: 90 }, (ctx) =>
  ctx.metadata.userRole === 'guest' && ctx.metadata.toolName === 'update_address' ? BLOCK('Guests are read-only') : ALLOW);
export const rateLimit = definePolicy({ name: 'rate_limit', priority: 95 }, (ctx) =>
  (ctx.metadata.toolCallCount as number) > 10 ? BLOCK('Rate limit exceeded') : ALLOW);
export const sessionCostAlert = definePolicy({ name: 'session_cost_alert', priority: 50 }, (ctx) =>
  (ctx.metadata.sessionCost as number) > 0.005 ? ALERT('Session cost above $0.005') : ALLOW);
`;

/** Head: the five policies of backtest.bench.ts — a lower token limit, guests read-only, a higher cost alert. */
function headPolicies() {
  return [
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
}

// A full collection before each run, so that every heap peak starts from the same live set.
if (global.gc === undefined) setFlagsFromString('--expose-gc');
const collect: () => void = global.gc ?? (runInNewContext('gc') as () => void);

/** The traces of the database, streamed, sampling the heap every 1,000. */
function* streamed(harness: PolicyTestHarness, limit?: number): Generator<Trace> {
  let count = 0;
  for (const trace of harness.iterateTraces(limit === undefined ? {} : { limit })) {
    yield trace;
    if (++count % 1000 === 0) sampleHeap();
  }
}

interface Measured<T> {
  seconds: number;
  peak: number;
  value: T;
}

async function measure<T>(action: (harness: PolicyTestHarness) => Promise<T>): Promise<Measured<T>> {
  collect();
  heap.peak = 0;
  sampleHeap();
  using harness = new PolicyTestHarness(dbPath);
  const started = performance.now();
  const value = await action(harness);
  return { seconds: (performance.now() - started) / 1000, peak: heap.peak, value };
}

const rate = (seconds: number): string =>
  `${Math.round(TRACE_COUNT / seconds)
    .toLocaleString('en-US')
    .padStart(9)} traces/s`;

function line(label: string, run: Measured<unknown>, reference?: Measured<unknown>): void {
  const ratio =
    reference === undefined
      ? '1.00× (baseline)'
      : `${(run.seconds / reference.seconds).toFixed(2)}× the time, ${(run.peak / reference.peak).toFixed(2)}× the heap`;
  console.log(
    `   ${label.padEnd(34)} ${rate(run.seconds)}   ${(run.seconds * 1000).toFixed(0).padStart(6)} ms   heap peak ${mb(run.peak).padStart(6)}   ${ratio}`,
  );
}

console.log(
  `Clearstone policy change preview benchmark — Node ${process.version}, ${TRACE_COUNT.toLocaleString('en-US')} traces × 10 spans`,
);
writeTraceDatabaseReported(dbPath, TRACE_COUNT);
await measure(async (harness) => {
  for (const trace of harness.iterateTraces()) void trace; // warm the page cache for every variant alike
});

const single = await measure((harness) => backtest(headPolicies(), streamed(harness)));
const twoPass = await measure(async (harness) => {
  const before = await backtest(baselinePolicies(), streamed(harness));
  const after = await backtest(headPolicies(), streamed(harness));
  return compareBacktests(before, after);
});
const preview = await measure((harness) => previewPolicyChange(baselinePolicies(), headPolicies(), streamed(harness)));
const tenth = Math.max(1, Math.round(TRACE_COUNT / 10));
const partial = await measure((harness) =>
  previewPolicyChange(baselinePolicies(), headPolicies(), streamed(harness, tenth)),
);

const summary = preview.value.summary();
console.log(`\n${summary.callsEvaluated.toLocaleString('en-US')} calls evaluated by each set`);
line('1. backtest, head set only', single);
line('2. two backtests + compareBacktests', twoPass, single);
line('3. previewPolicyChange, one pass', preview, single);
console.log(
  `   preview: ${summary.totalFlips.toLocaleString('en-US')} flips (${summary.flipsListed} listed), ${summary.newBlocks.toLocaleString('en-US')} newly blocked, ${summary.liftedBlocks.toLocaleString('en-US')} lifted; ${JSON.stringify(summary.byChange)}`,
);
console.log(
  `   bounded memory: heap peak over the newest ${tenth.toLocaleString('en-US')} traces ${mb(partial.peak)}, over all ${TRACE_COUNT.toLocaleString('en-US')} ${mb(preview.peak)} (${(preview.peak / partial.peak).toFixed(2)}× for 10× the traces)`,
);
console.log(
  `   (the two-pass comparison only sees traces: ${twoPass.value.newlyBlocked.length.toLocaleString('en-US')} newly blocked, ${twoPass.value.noLongerBlocked.length.toLocaleString('en-US')} no longer blocked)`,
);

if (existsSync(cliBin)) {
  writeFileSync(join(directory, 'baseline.ts'), BASELINE_SOURCE);
  writeFileSync(join(directory, 'head.ts'), HEAD_SOURCE);
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${CLI_HEAP_MB}`,
      cliBin,
      'backtest',
      '--db',
      dbPath,
      '--policies',
      'head.ts',
      '--baseline',
      'baseline.ts',
      '--format',
      'json',
      '--fail-on',
      'new-blocks',
    ],
    {
      cwd: directory,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, CLEARSTONE_TELEMETRY_DISABLED: '1' },
    },
  );
  const seconds = (performance.now() - started) / 1000;
  let same = 'output unreadable';
  try {
    const printed = JSON.parse(child.stdout) as { totalFlips: number; newBlocks: number };
    same =
      printed.totalFlips === summary.totalFlips && printed.newBlocks === summary.newBlocks
        ? 'same flips as (3)'
        : `different flips: ${printed.totalFlips}`;
  } catch {
    // reported below
  }
  console.log(
    `\n4. clearstone backtest --baseline (child process, heap capped at ${CLI_HEAP_MB} MB, startup included)`,
  );
  console.log(
    `   ${rate(seconds)}   ${(seconds * 1000).toFixed(0)} ms   ${(seconds / single.seconds).toFixed(2)}× the time of (1)   exit ${child.status ?? child.signal} (1: --fail-on new-blocks tripped)   ${same}`,
  );
  if (child.status !== 0 && child.status !== 1) console.log(child.stderr.slice(0, 2000));
} else {
  console.log(`\n4. skipped: ${cliBin} is not built`);
}

rmSync(directory, { recursive: true, force: true });
