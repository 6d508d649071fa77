/**
 * Runs every benchmark of this folder, one child process each (so one benchmark's heap and
 * native state never colour the next), and prints their reports in order.
 *
 * Run: `pnpm bench` (full sizes, several minutes) or `pnpm bench -- --quick` (smaller sizes).
 * One benchmark: `pnpm bench -- tracing` (names: policy-engine, tracing, storage-schema, backtest,
 * policy-preview, cassette, pii, pii-accuracy, langchain, trace-comparison,
 * viewer, governance-store).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const quick = args.includes('--quick');
const only = args.filter((arg) => !arg.startsWith('--'));

/** Each benchmark with the arguments of a full and of a quick run. */
const BENCHMARKS: Array<{ name: string; full: string[]; quick: string[] }> = [
  { name: 'policy-engine', full: [], quick: ['20000'] },
  { name: 'tracing', full: [], quick: ['--quick'] },
  { name: 'storage-schema', full: [], quick: ['20000'] },
  { name: 'backtest', full: [], quick: ['10000'] },
  { name: 'policy-preview', full: [], quick: ['10000'] },
  { name: 'cassette', full: [], quick: ['50'] },
  { name: 'trace-comparison', full: [], quick: ['250', '1000'] },
  { name: 'viewer', full: [], quick: ['--quick'] },
  { name: 'pii', full: [], quick: ['1000'] },
  { name: 'pii-accuracy', full: [], quick: ['500'] },
  { name: 'langchain', full: [], quick: ['20', '5'] },
  { name: 'governance-store', full: [], quick: ['5000'] },
];

const unknown = only.filter((name) => !BENCHMARKS.some((benchmark) => benchmark.name === name));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark(s): ${unknown.join(', ')}. Choose from ${BENCHMARKS.map((benchmark) => benchmark.name).join(', ')}.`,
  );
  process.exit(2);
}

let failed = 0;
for (const benchmark of BENCHMARKS) {
  if (only.length > 0 && !only.includes(benchmark.name)) continue;
  console.log(`\n=== ${benchmark.name}${quick ? ' (quick)' : ''} ===\n`);
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(here, `${benchmark.name}.bench.ts`), ...(quick ? benchmark.quick : benchmark.full)],
    { stdio: 'inherit', cwd: here },
  );
  console.log(
    `\n(${benchmark.name}: ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${result.status ?? result.signal})`,
  );
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed === 0 ? 0 : 1;
