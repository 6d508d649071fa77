/**
 * Cost of comparing two recorded runs (`compareRuns` of @clearstone/debugging, what
 * `clearstone traces diff` and the viewer's comparison compute) against reading the same two
 * traces from the trace database (`TraceStore.getTrace` twice: the baseline, work every comparison
 * has to do first), for agents of 250 steps (~1,000 spans a trace) and 2,500 steps (~10,000 spans a trace). Each
 * step is a tool or model call wrapped in framework spans, as LangChain records them; run B is run
 * A with some tool inputs changed, calls inserted and removed, and model inputs that grow with the
 * history (so every model call after the first difference differs). Also the end-to-end command,
 * `clearstone traces diff --format json`, against `clearstone traces show --json` of both traces.
 *
 * Run (after building core, observability, debugging and cli with tsup):
 *   node_modules/.bin/tsx benchmarks/trace-comparison.bench.ts [steps...]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClearstoneAttributes, GenAiAttributes, GenAiOperations, GovernedOutcomes, type Trace } from '@clearstone/core';
import { TraceStore, TracerProvider, type Tracer } from '@clearstone/observability';
import type * as Debugging from '../packages/debugging/dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const cliBin = join(here, '../packages/cli/dist/bin.js');
// The benchmarks package does not depend on the debugger; load its build as the CLI does.
const { compareRuns, formatTraceComparison } = createRequire(import.meta.url)(
  join(here, '../packages/debugging/dist/index.cjs'),
) as typeof Debugging;

const SIZES = process.argv.slice(2).map(Number);
const sizes = SIZES.length > 0 ? SIZES : [250, 2500];

interface Step {
  kind: 'model' | 'tool';
  name: string;
  input: unknown;
  output: unknown;
  blocked?: boolean;
}

function runA(steps: number): Step[] {
  const run: Step[] = [];
  for (let index = 0; run.length < steps; index++) {
    run.push({ kind: 'model', name: 'gpt-4o', input: [], output: { content: '', toolCalls: [{ name: 'search' }] } });
    run.push({
      kind: 'tool',
      name: index % 3 === 0 ? 'search' : 'lookup',
      input: { q: `item ${index}` },
      output: `result ${index}`,
    });
  }
  return run.slice(0, steps);
}

/** Run A changed: every 25th tool input differs, a call inserted every 40 steps, one removed every 50. */
function runB(a: readonly Step[]): Step[] {
  const run: Step[] = [];
  a.forEach((step, index) => {
    if (index % 50 === 49) return;
    if (index % 40 === 20)
      run.push({ kind: 'tool', name: 'delete_record', input: { id: index }, output: null, blocked: true });
    run.push(step.kind === 'tool' && index % 25 === 1 ? { ...step, input: { q: `other ${index}` } } : step);
  });
  return run;
}

async function record(tracer: Tracer, steps: readonly Step[]): Promise<string> {
  return tracer.span('invoke_agent LangGraph', async (root) => {
    const history: unknown[] = [{ role: 'user', content: 'go' }];
    for (const step of steps) {
      await tracer.span(step.kind === 'model' ? 'model_request' : 'tools', async () => {
        tracer.span('RunnableLambda', () => undefined);
        const attributes =
          step.kind === 'model'
            ? {
                [GenAiAttributes.OPERATION_NAME]: GenAiOperations.CHAT,
                [GenAiAttributes.REQUEST_MODEL]: step.name,
                [GenAiAttributes.USAGE_INPUT_TOKENS]: 100 + history.length,
                [GenAiAttributes.USAGE_OUTPUT_TOKENS]: 20,
              }
            : {
                [GenAiAttributes.OPERATION_NAME]: GenAiOperations.EXECUTE_TOOL,
                [GenAiAttributes.TOOL_NAME]: step.name,
                [ClearstoneAttributes.GOVERNED_OUTCOME]: step.blocked
                  ? GovernedOutcomes.BLOCKED
                  : GovernedOutcomes.EXECUTED,
              };
        const input = step.kind === 'model' ? history.slice(-30) : step.input;
        tracer.span(
          `${step.kind === 'model' ? 'chat' : 'execute_tool'} ${step.name}`,
          { attributes, input },
          (span) => {
            if (!step.blocked) span.setOutput(step.output);
          },
        );
        tracer.span('ClearstoneMiddleware.after_model', () => undefined);
        history.push(
          step.kind === 'model' ? step.output : { role: 'tool', content: step.blocked ? 'blocked' : step.output },
        );
      });
    }
    return root.traceId;
  });
}

function timeMs(runs: number, action: () => unknown): number {
  action();
  const started = process.hrtime.bigint();
  for (let run = 0; run < runs; run++) action();
  return Number(process.hrtime.bigint() - started) / 1e6 / runs;
}

function cliMs(args: string[]): number {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, [cliBin, ...args], {
    env: { ...process.env, CLEARSTONE_TELEMETRY_DISABLED: '1' },
    maxBuffer: 1 << 28,
  });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const dir = mkdtempSync(join(tmpdir(), 'clearstone-compare-bench-'));
try {
  const rows: string[][] = [];
  for (const size of sizes) {
    const dbPath = join(dir, `runs-${size}.db`);
    const provider = new TracerProvider({ dbPath, maxQueueSize: 1_000_000 });
    const tracer = provider.getTracer('bench');
    const a = runA(size);
    const idA = await record(tracer, a);
    const idB = await record(tracer, runB(a));
    await provider.shutdown();
    const store = new TraceStore(dbPath, { readonly: true });
    const traceA = store.getTrace(idA) as Trace;
    const traceB = store.getTrace(idB) as Trace;
    const runs = size > 1000 ? 5 : 30;
    const read = timeMs(runs, () => [store.getTrace(idA), store.getTrace(idB)]);
    const compare = timeMs(runs, () => compareRuns(traceA, traceB));
    const comparison = compareRuns(traceA, traceB);
    const format = timeMs(runs, () => formatTraceComparison(comparison));
    store.close();
    const show =
      cliMs(['traces', 'show', idA, '--db', dbPath, '--json']) +
      cliMs(['traces', 'show', idB, '--db', dbPath, '--json']);
    const diff = cliMs(['traces', 'diff', idA, idB, '--db', dbPath, '--format', 'json']);
    const spans = traceA.spans.length + traceB.spans.length;
    const { same, changed, added, removed } = comparison.counts;
    rows.push([
      `${size} / ${comparison.b.totals.modelCalls + comparison.b.totals.toolCalls} steps, ${spans} spans`,
      `${read.toFixed(1)} ms`,
      `${compare.toFixed(1)} ms (${(compare / read).toFixed(2)}×)`,
      `${format.toFixed(1)} ms`,
      `${show.toFixed(0)} ms`,
      `${diff.toFixed(0)} ms (${(diff / show).toFixed(2)}×)`,
      `${same}/${changed}/${added}/${removed}`,
    ]);
  }
  const header = [
    'runs A / B',
    'read both (baseline)',
    'compareRuns',
    'format text',
    'CLI show ×2',
    'CLI diff --format json',
    'same/changed/added/removed',
  ];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
