// `clearstone new-policy` in two real projects laid out as a user's: an ES module package
// ("type": "module", TypeScript `nodenext`) and a CommonJS one (`module: commonjs`). The built
// Clearstone packages are installed in each project's node_modules (symlinks to the workspace),
// the output is type-checked by the repository's `tsc` with the project's own strict tsconfig, and
// the generated tests run under Jest with ts-jest.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { cliIn, requireBuiltCli, temporaryDirectory } from './helpers/run-cli-process';

const run = promisify(execFile);
const repoRoot = resolve(__dirname, '../../..');
const tsc = join(repoRoot, 'node_modules/.bin/tsc');
const jestBin = join(repoRoot, 'node_modules/jest/bin/jest.js');

// Two tsc runs and one Jest run of two projects; a loaded machine needs more than the default.
jest.setTimeout(120_000);

/** The temporary projects, removed after the run. */
const created: string[] = [];
afterAll(() => created.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

interface Project {
  readonly kind: 'esm' | 'cjs';
  readonly root: string;
}

/** A project with `package.json`, a strict tsconfig and node_modules holding the workspace's built packages. */
function createProject(kind: 'esm' | 'cjs'): Project {
  const root = temporaryDirectory(`clearstone-new-policy-${kind}-`);
  created.push(root);
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: `${kind}-app`, private: true, ...(kind === 'esm' ? { type: 'module' } : {}) }, null, 2),
  );
  const module = kind === 'esm' ? { module: 'nodenext', moduleResolution: 'nodenext' } : { module: 'commonjs' };
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          ...module,
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          esModuleInterop: true,
          types: ['node', 'jest'],
        },
        include: ['policies/**/*.ts'],
      },
      null,
      2,
    ),
  );
  // What a user's Jest config looks like with ts-jest; the .js mapping is ts-jest's ES module advice.
  writeFileSync(
    join(root, 'jest.config.cjs'),
    `module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\\\.ts$': [${JSON.stringify(require.resolve('ts-jest', { paths: [repoRoot] }))}, { tsconfig: { module: 'commonjs', esModuleInterop: true, isolatedModules: true } }],
  },
  ${kind === 'esm' ? "moduleNameMapper: { '^(\\\\.{1,2}/.*)\\\\.js$': '$1' }," : ''}
};
`,
  );
  mkdirSync(join(root, 'node_modules/@clearstone'), { recursive: true });
  mkdirSync(join(root, 'node_modules/@types'), { recursive: true });
  for (const name of ['core', 'policy', 'observability'])
    symlinkSync(join(repoRoot, 'packages', name), join(root, 'node_modules/@clearstone', name), 'dir');
  for (const name of ['jest', 'node'])
    symlinkSync(
      dirname(require.resolve(`@types/${name}/package.json`, { paths: [repoRoot] })),
      join(root, 'node_modules/@types', name),
      'dir',
    );
  return { kind, root };
}

/** `tsc -p tsconfig.json` in the project: its diagnostics, one per line (empty when it compiles). */
async function typecheck(project: Project): Promise<string[]> {
  try {
    await run(tsc, ['-p', join(project.root, 'tsconfig.json'), '--pretty', 'false'], { cwd: project.root });
    return [];
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    const output = `${stdout ?? ''}${stderr ?? ''}`.trim();
    if (output === '') throw error;
    return output.split('\n');
  }
}

describe('clearstone new-policy in an ES module and a CommonJS project', () => {
  let esm: Project;
  let cjs: Project;

  beforeAll(async () => {
    requireBuiltCli();
    for (const name of ['core', 'policy', 'observability'])
      if (!existsSync(join(repoRoot, 'packages', name, 'dist/index.d.ts')))
        throw new Error(`packages/${name}/dist is missing: build the packages first (pnpm build).`);
    esm = createProject('esm');
    cjs = createProject('cjs');
    for (const project of [esm, cjs]) {
      const result = await cliIn(project.root)('new-policy', 'enforce_data_locality', '--priority=80');
      expect(result).toMatchObject({ code: 0, stderr: '' });
    }
  });

  it('imports the policy as ./name.js in the ES module project and as ./name in the CommonJS one', async () => {
    const testSource = (project: Project) =>
      readFileSync(join(project.root, 'policies/enforce-data-locality.test.ts'), 'utf8');
    expect(testSource(esm)).toContain("import { enforceDataLocalityPolicy } from './enforce-data-locality.js';");
    expect(testSource(cjs)).toContain("import { enforceDataLocalityPolicy } from './enforce-data-locality';");
    // The CLI says why, and what Jest needs, only where it matters.
    const again = await cliIn(esm.root)('new-policy', 'other_rule', '--dir', 'more');
    expect(again.stdout).toContain(`package.json has "type": "module", so the test imports './other-rule.js'`);
    expect(again.stdout).toContain("moduleNameMapper: { '^(\\\\.{1,2}/.*)\\\\.js$': '$1' }");
    expect((await cliIn(cjs.root)('new-policy', 'other_rule', '--dir', 'more')).stdout).not.toContain('"type"');
    const json = await cliIn(esm.root)('new-policy', 'third_rule', '--dir', 'more', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ moduleType: 'module' });
  });

  it('type-checks in both projects with their own strict tsconfig (nodenext for the ES module one)', async () => {
    // The check is real: the extensionless import the CLI used to write is TS2835 under nodenext.
    const policies = join(esm.root, 'policies');
    writeFileSync(
      join(policies, 'extensionless.test.ts'),
      "import { enforceDataLocalityPolicy } from './enforce-data-locality';\nvoid enforceDataLocalityPolicy;\n",
    );
    const [esmDiagnostics, cjsDiagnostics] = await Promise.all([typecheck(esm), typecheck(cjs)]);
    expect(esmDiagnostics).toEqual([
      expect.stringMatching(/^policies\/extensionless\.test\.ts\(1,\d+\): error TS2835: /),
    ]);
    expect(cjsDiagnostics).toEqual([]);
  });

  it('runs the generated tests under Jest with ts-jest in both projects', async () => {
    const output = join(esm.root, 'jest-results.json');
    await run(
      process.execPath,
      [
        jestBin,
        '--ci',
        '--json',
        '--outputFile',
        output,
        '--testPathPatterns',
        'enforce-data-locality',
        '--projects',
        join(esm.root, 'jest.config.cjs'),
        join(cjs.root, 'jest.config.cjs'),
      ],
      { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '0' } },
    );
    const results = JSON.parse(readFileSync(output, 'utf8')) as {
      testResults: Array<{ name: string; assertionResults: Array<{ status: string }> }>;
    };
    const byProject = results.testResults.map((file) => [
      file.name.startsWith(esm.root) ? 'esm' : 'cjs',
      file.assertionResults.map((test) => test.status),
    ]);
    expect(byProject.sort()).toEqual([
      ['cjs', ['passed', 'passed', 'passed']],
      ['esm', ['passed', 'passed', 'passed']],
    ]);
  });
});
