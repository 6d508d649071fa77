import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';

const repoRoot = join(__dirname, '..');
const bin = join(repoRoot, 'packages/cli/dist/bin.js');

/**
 * Type-checks files the way an ES module project (`"type": "module"`, `nodenext`) depending on the
 * Clearstone packages would.
 */
function typecheck(files: string[]): string[] {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node', 'jest'],
    typeRoots: [join(repoRoot, 'node_modules/@types')],
    baseUrl: repoRoot,
    paths: { '@clearstone/*': ['packages/*/dist/index.d.ts'] },
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

describe('clearstone new-policy (the seed example)', () => {
  let project = '';
  beforeAll(() => {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: build the workspace first (the CLI runs from its dist).`);
  });
  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'clearstone-new-policy-example-'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-app', private: true, type: 'module' }));
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('creates a TypeScript policy that compiles in an ES module project, and its test', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [bin, 'new-policy', 'enforce_data_locality', '--priority=80', '--dir=my_app/compliance'],
      {
        cwd: project,
        env: { ...process.env, NO_COLOR: '1', CLEARSTONE_TELEMETRY_DISABLED: '1' },
      },
    );
    expect(stdout).toContain("✓ Created policy 'enforce_data_locality' (export enforceDataLocalityPolicy):");

    const policyFile = join(project, 'my_app/compliance/enforce-data-locality.ts');
    const testFile = join(project, 'my_app/compliance/enforce-data-locality.test.ts');
    expect(readFileSync(policyFile, 'utf8')).toContain("name: 'enforce_data_locality',\n    priority: 80,");
    // An ES module project: the test names the policy file as Node.js and nodenext require.
    expect(readFileSync(testFile, 'utf8')).toContain("from './enforce-data-locality.js';");
    expect(readFileSync(testFile, 'utf8')).toContain("describe('enforce_data_locality'");
    expect(typecheck([policyFile, testFile])).toEqual([]);
  }, 60_000);
});
