// Longer runs of the reliability suites: `pnpm soak` (from the repository root) or
// `pnpm --filter @clearstone/reliability run soak -- --duration=30m --fuzz-runs=100000`.
// Each round runs every suite with a fresh seed and larger counts; the first failure stops the
// soak and prints the seed that reproduces it (RELIABILITY_SEED=<seed> pnpm test:jest tests/reliability).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface SoakOptions {
  durationMs: number;
  crashRuns: number;
  fuzzRuns: number;
  cliRuns: number;
  spansPerWriter: number;
  suites: string;
}

function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (match === null) throw new Error(`--duration must look like 90s, 10m or 2h (got '${text}')`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 'm') as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

function parseOptions(argv: readonly string[]): SoakOptions {
  const values = new Map(
    argv.filter((arg) => arg.startsWith('--')).map((arg) => arg.slice(2).split('=') as [string, string]),
  );
  const number = (name: string, fallback: number) => {
    const value = Number(values.get(name) ?? process.env[`SOAK_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback);
    if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
    return value;
  };
  return {
    durationMs: parseDuration(values.get('duration') ?? process.env.SOAK_DURATION ?? '10m'),
    crashRuns: number('crash-runs', 100),
    fuzzRuns: number('fuzz-runs', 50_000),
    cliRuns: number('cli-runs', 20_000),
    spansPerWriter: number('spans-per-writer', 100_000),
    suites: values.get('suites') ?? process.env.SOAK_SUITES ?? '',
  };
}

const options = parseOptions(process.argv.slice(2));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const deadline = Date.now() + options.durationMs;
const target =
  options.suites === ''
    ? ['tests/reliability']
    : options.suites.split(',').map((suite) => `tests/reliability/${suite.trim()}`);
console.log(`soak: until ${new Date(deadline).toISOString()}, ${JSON.stringify(options)}`);

let round = 0;
while (Date.now() < deadline) {
  round += 1;
  const seed = Math.floor(Math.random() * 2 ** 31);
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/jest/bin/jest.js'), ...target], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      RELIABILITY_SEED: String(seed),
      RELIABILITY_TEST_TIMEOUT_MS: '3600000',
      RELIABILITY_CRASH_RUNS: String(options.crashRuns),
      RELIABILITY_FUZZ_RUNS: String(options.fuzzRuns),
      RELIABILITY_CLI_RUNS: String(options.cliRuns),
      RELIABILITY_SPANS_PER_WRITER: String(options.spansPerWriter),
    },
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (result.status !== 0) {
    console.error(
      `soak: round ${round} FAILED after ${seconds}s — reproduce with RELIABILITY_SEED=${seed} (and the same counts)`,
    );
    process.exit(1);
  }
  console.log(`soak: round ${round} passed in ${seconds}s (seed ${seed})`);
}
console.log(`soak: ${round} round(s) passed`);
