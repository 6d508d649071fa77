import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { temporaryDirectory } from './support/trace-files';

const run = promisify(execFile);
const packageRoot = join(__dirname, '..');
const repoRoot = join(packageRoot, '..', '..');
const fixture = join(__dirname, 'vitest-fixture');

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  success: boolean;
  testResults: Array<{
    name: string;
    assertionResults: Array<{ title: string; status: string; failureMessages: string[] }>;
  }>;
}

interface ChildFailure {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A user's Vitest project: @clearstone packages installed in its node_modules (their built dist,
 * through package.json "exports"), the real `vitest run` CLI, and the matchers registered with
 * `expect.extend(clearstoneMatchers)` as the README shows.
 */
describe('a user Vitest project using clearstoneMatchers (built package)', () => {
  let project = '';
  let cleanup: () => void = () => undefined;
  const vitestRoot = realpathSync(join(packageRoot, 'node_modules', 'vitest'));

  beforeAll(() => {
    for (const name of ['core', 'observability', 'policy', 'testing']) {
      if (!existsSync(join(repoRoot, 'packages', name, 'dist', 'index.js')))
        throw new Error(`packages/${name}/dist is missing: run tsup in packages/${name} first.`);
    }
    ({ directory: project, cleanup } = temporaryDirectory('clearstone-vitest-consumer-'));
    for (const file of readdirSync(fixture)) copyFileSync(join(fixture, file), join(project, file));
    mkdirSync(join(project, 'node_modules', '@clearstone'), { recursive: true });
    for (const name of ['core', 'observability', 'policy', 'testing'])
      symlinkSync(join(repoRoot, 'packages', name), join(project, 'node_modules', '@clearstone', name), 'dir');
    symlinkSync(vitestRoot, join(project, 'node_modules', 'vitest'), 'dir');
  });
  afterAll(() => cleanup());

  it('typechecks expect.extend(clearstoneMatchers) and the Assertion augmentation from the README', async () => {
    await run(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', join(project, 'tsconfig.json')], { cwd: project });
  }, 60_000);

  it('runs under `vitest run`: passing and negated matchers pass, failing ones throw, and a real failure is reported', async () => {
    const output = join(project, 'results.json');
    const child = run(
      process.execPath,
      [join(vitestRoot, 'vitest.mjs'), 'run', '--reporter=verbose', '--reporter=json', `--outputFile.json=${output}`],
      {
        cwd: project,
        env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: '1' },
      },
    );
    const failure = await child.then(
      () => undefined,
      (error: ChildFailure) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure!.stdout).toMatch(
      /✓ matchers\.vitest\.ts > Clearstone matchers under Vitest > passing matchers, plain and negated/,
    );
    expect(failure!.stdout).toMatch(
      /✓ matchers\.vitest\.ts > Clearstone matchers under Vitest > failing matchers throw with the reason and the trace tree/,
    );
    expect(failure!.stdout).toMatch(
      /× matchers\.vitest\.ts > Clearstone matchers under Vitest > a failing expectation is reported by Vitest/,
    );
    expect(failure!.stdout).toMatch(/Tests {2}1 failed \| 2 passed \(3\)/);

    const results = JSON.parse(readFileSync(output, 'utf8')) as VitestJson;
    expect(results).toMatchObject({ numPassedTests: 2, numFailedTests: 1, success: false });
    const tests = results.testResults.flatMap((file) => file.assertionResults);
    expect(tests.map(({ title, status }) => [title, status])).toEqual([
      ['passing matchers, plain and negated', 'passed'],
      ['failing matchers throw with the reason and the trace tree', 'passed'],
      ['a failing expectation is reported by Vitest', 'failed'],
    ]);
    const message = tests[2].failureMessages.join('\n');
    expect(message).toContain('expect(trace).toCostLessThan(0)');
    expect(message).toMatch(/Trace [0-9a-f]{32}:\ninvoke_agent janitor/);
    expect(message).toContain('└─ execute_tool send_email  ERROR');
  }, 120_000);
});
