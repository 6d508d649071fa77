import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { temporaryDirectory } from './support/trace-files';

const run = promisify(execFile);
const packageRoot = join(__dirname, '..');
const repoRoot = join(packageRoot, '..', '..');
const fixture = join(__dirname, 'consumer-fixture');

interface JestJson {
  numPassedTests: number;
  numFailedTests: number;
  testResults: Array<{
    name: string;
    assertionResults: Array<{ title: string; status: string; failureMessages: string[] }>;
  }>;
}

/**
 * A separate Jest project laid out the way a user's is: @clearstone packages installed in its
 * node_modules (their built dist, through package.json "exports") and the matchers registered by
 * `setupFilesAfterEnv: ['@clearstone/testing/jest']`.
 */
describe('a user Jest project using @clearstone/testing/jest (built package)', () => {
  let project = '';
  let cleanup: () => void = () => undefined;

  beforeAll(() => {
    for (const name of ['core', 'observability', 'policy', 'testing']) {
      if (!existsSync(join(repoRoot, 'packages', name, 'dist', 'index.cjs')))
        throw new Error(`packages/${name}/dist is missing: run tsup in packages/${name} first.`);
    }
    ({ directory: project, cleanup } = temporaryDirectory('clearstone-consumer-'));
    for (const file of readdirSync(fixture)) copyFileSync(join(fixture, file), join(project, file));
    mkdirSync(join(project, 'node_modules', '@clearstone'), { recursive: true });
    mkdirSync(join(project, 'node_modules', '@types'), { recursive: true });
    for (const name of ['core', 'observability', 'policy', 'testing'])
      symlinkSync(join(repoRoot, 'packages', name), join(project, 'node_modules', '@clearstone', name), 'dir');
    symlinkSync(
      dirname(require.resolve('@types/jest/package.json', { paths: [repoRoot] })),
      join(project, 'node_modules', '@types', 'jest'),
      'dir',
    );
  });
  afterAll(() => cleanup());

  /** `tsc -p <config>` in the project: its diagnostics, '' when it compiles. */
  async function typecheck(config: string): Promise<string> {
    try {
      await run(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', join(project, config), '--pretty', 'false'], {
        cwd: project,
      });
      return '';
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      if (`${stdout}${stderr}`.trim() === '') throw error;
      return `${stdout}${stderr}`.trim();
    }
  }

  /** The fixture's tsconfig.json with other compiler options (`undefined` removes one), written as `name`. */
  function tsconfigVariant(name: string, options: Record<string, unknown>, extraFiles: string[] = []): string {
    const base = JSON.parse(readFileSync(join(fixture, 'tsconfig.json'), 'utf8')) as {
      compilerOptions: Record<string, unknown>;
      include: string[];
    };
    const compilerOptions = JSON.parse(JSON.stringify({ ...base.compilerOptions, ...options })) as object;
    writeFileSync(
      join(project, name),
      JSON.stringify({ compilerOptions, include: [...base.include, ...extraFiles] }, null, 2),
    );
    return name;
  }

  it('typechecks the matchers on the global expect with the README setup: setupFilesAfterEnv and one tsconfig line, no import', async () => {
    // The specs use the matchers without importing the entry: only the tsconfig names it.
    for (const spec of readdirSync(fixture).filter((file) => file.endsWith('.spec.ts')))
      expect(readFileSync(join(fixture, spec), 'utf8')).not.toMatch(
        /(from|import|require\()\s*'@clearstone\/testing\/jest'/,
      );
    expect(JSON.parse(readFileSync(join(fixture, 'tsconfig.json'), 'utf8')).compilerOptions.types).toEqual([
      'jest',
      '@clearstone/testing/jest',
    ]);
    // The same line with the module settings projects use, and the `/// <reference types>` file
    // the README offers instead of it.
    writeFileSync(join(project, 'clearstone-matchers.d.ts'), '/// <reference types="@clearstone/testing/jest" />\n');
    const configs = {
      node16: 'tsconfig.json',
      commonjs: tsconfigVariant('tsconfig.commonjs.json', {
        module: 'commonjs',
        moduleResolution: undefined,
        esModuleInterop: true,
      }),
      bundler: tsconfigVariant('tsconfig.bundler.json', { module: 'esnext', moduleResolution: 'bundler' }),
      referenceFile: tsconfigVariant('tsconfig.reference.json', { types: undefined }, ['clearstone-matchers.d.ts']),
      // The check is real: without the line, the matchers are unknown to TypeScript.
      withoutTheLine: tsconfigVariant('tsconfig.without.json', { types: ['jest'] }),
    };
    const names = Object.keys(configs) as Array<keyof typeof configs>;
    const diagnostics = await Promise.all(names.map((name) => typecheck(configs[name])));
    const byConfig = Object.fromEntries(names.map((name, index) => [name, diagnostics[index]]));
    expect(byConfig).toEqual({
      node16: '',
      commonjs: '',
      bundler: '',
      referenceFile: '',
      withoutTheLine: expect.stringContaining(
        "error TS2339: Property 'toHaveCalledTool' does not exist on type 'JestMatchers<Trace>'.",
      ),
    });
  }, 60_000);

  it('passes the behavioural spec and reports the failing one with the reason and the trace tree', async () => {
    const output = join(project, 'results.json');
    const jest = join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js');
    const child = run(
      process.execPath,
      [jest, '--config', join(project, 'jest.config.cjs'), '--ci', '--json', '--outputFile', output],
      {
        cwd: project,
        env: { ...process.env, CLEARSTONE_REPO_ROOT: repoRoot, FORCE_COLOR: '0' },
      },
    );
    await expect(child).rejects.toMatchObject({ code: 1 });
    const results = JSON.parse(readFileSync(output, 'utf8')) as JestJson;
    const tests = results.testResults.flatMap((file) => file.assertionResults);
    expect(tests.map(({ title, status }) => [title, status]).sort()).toEqual([
      ['calls the search tool twice', 'failed'],
      ['searches once, in order, without errors, on budget', 'passed'],
    ]);
    const message = tests.find((test) => test.status === 'failed')!.failureMessages.join('\n');
    expect(message).toContain('expect(trace).toHaveCalledTool("web_search", {"times":2})');
    expect(message).toMatch(
      /Expected tool 'web_search' to be called 2 time\(s\), but it was called 1 time\(s\): 'execute_tool web_search' \[[0-9a-f]{8}\]/,
    );
    expect(message).toContain('├─ execute_tool web_search  OK  150.0 ms  tool=web_search  ◀');
    expect(message).toContain('└─ execute_tool send_email  ERROR  150.0 ms  tool=send_email error="SMTP timeout"');
  }, 60_000);
});
