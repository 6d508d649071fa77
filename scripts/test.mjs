// The README's test command: sets up the toolchain, installs, builds and runs every Jest test of
// the workspace as one run, then prints the plain summary line `N passed, N failed`.
//   npm test                 everything
//   npm test -- --checks     also typecheck, lint and the API check (as CI does)
//   npm test -- --demo       also run the README's demo command (`npm start`), as CI does
//   npm test -- <jest args>  e.g. a path filter
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startRedisServer } from './redis-server.cjs';
import { ensureSystemPackages, installAndBuild, repoRoot, run } from './toolchain.mjs';

const args = process.argv.slice(2);
const withChecks = args.includes('--checks');
const withDemo = args.includes('--demo');
const jestArgs = args.filter((arg) => arg !== '--checks' && arg !== '--demo');

ensureSystemPackages();
const env = installAndBuild();
let failedChecks = 0;
if (withChecks) {
  // Typecheck every package; lint = ESLint and Prettier over the tree, then publint and attw per package.
  const checks = [
    ['typecheck', ['turbo', 'run', 'typecheck', '--output-logs=errors-only']],
    ['lint', ['run', 'lint']],
  ];
  for (const [task, command] of checks) {
    if (run('pnpm', command, { env }) !== 0) {
      console.error(`\n${task} failed`);
      failedChecks += 1;
    }
  }
  // A package whose public API changed needs a changeset (RELEASING.md; scripts/check-api.mjs).
  if (run('node', ['scripts/check-api.mjs'], { env }) !== 0) {
    console.error('\nAPI check failed');
    failedChecks += 1;
  }
}

// The demo command exactly as the README gives it; without a terminal the paused payment is
// rejected (fail closed), so the run never waits for input.
let demoFailed = false;
if (withDemo) {
  if (run('npm', ['start'], { env, stdio: ['ignore', 'inherit', 'inherit'] }) !== 0) {
    console.error('\nthe demo (npm start) failed');
    demoFailed = true;
  }
}

const resultsDir = path.join(repoRoot, '.test-results');
const resultsFile = path.join(resultsDir, 'jest.json');
mkdirSync(resultsDir, { recursive: true });
rmSync(resultsFile, { force: true });
// The Redis store tests use a real redis-server on 127.0.0.1 and a free port, stopped at the end.
let redis;
try {
  redis = await startRedisServer();
  console.log(`\nredis-server for the tests: ${redis.url}`);
} catch (error) {
  console.error(`\n${error.message}`);
}
const jestEnv = redis === undefined ? env : { ...env, CLEARSTONE_TEST_REDIS_URL: redis.url };
const jestStatus = run('pnpm', ['exec', 'jest', '--ci', '--json', `--outputFile=${resultsFile}`, ...jestArgs], {
  env: jestEnv,
});
await redis?.stop();

let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests;
  // A suite that fails to load runs no test but is still a failure.
  failed += results.testResults.filter(
    (suite) => suite.status === 'failed' && suite.assertionResults.length === 0,
  ).length;
} catch (error) {
  console.error(`Could not read Jest results: ${error.message}`);
  failed += 1;
}
failed += failedChecks + (demoFailed ? 1 : 0);
if (withChecks) console.log(`checks: typecheck, lint and API check ${failedChecks === 0 ? 'passed' : 'failed'}`);
if (withDemo) console.log(`demo: npm start ${demoFailed ? 'failed' : 'passed'}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(jestStatus !== 0 || failed > 0 ? 1 : 0);
