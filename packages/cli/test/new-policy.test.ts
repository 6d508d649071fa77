import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { baseEnvironment, cliIn, requireBuiltCli, temporaryDirectory, type CliRun } from './helpers/run-cli-process';
import { typecheck } from './helpers/typecheck';

// Each test runs the built CLI as child processes; a loaded machine needs more than Jest's default 5 s.
jest.setTimeout(60_000);

beforeAll(requireBuiltCli);

describe('clearstone new-policy', () => {
  it('creates a compiling TypeScript policy and its test (the seed example)', async () => {
    const project = temporaryDirectory();
    const result = await cliIn(project)(
      'new-policy',
      'enforce_data_locality',
      '--priority=80',
      '--dir=my_app/compliance',
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('my_app/compliance/enforce-data-locality.ts');

    const policyFile = join(project, 'my_app/compliance/enforce-data-locality.ts');
    const testFile = join(project, 'my_app/compliance/enforce-data-locality.test.ts');
    const source = readFileSync(policyFile, 'utf8');
    expect(source).toContain("import { Policy } from '@clearstone/policy';");
    expect(source).toContain("name: 'enforce_data_locality',");
    expect(source).toContain('priority: 80,');
    expect(source).toContain("description: 'TODO: Describe what this policy does.'");
    expect(source).toMatch(/\| Key +\| Type +\| Meaning/);
    expect(source).toContain('export const enforceDataLocalityPolicy = Policy(');
    expect(readFileSync(testFile, 'utf8')).toContain(
      "import { enforceDataLocalityPolicy } from './enforce-data-locality';",
    );

    expect(typecheck([policyFile, testFile])).toEqual([]);

    // The check is real: a wrong priority type is reported.
    writeFileSync(policyFile, source.replace('priority: 80,', "priority: 'high',"));
    expect(typecheck([policyFile]).join('\n')).toContain("Type 'string' is not assignable to type 'number'");
  });

  it('writes ES module JavaScript with --js that passes checkJs', async () => {
    const project = temporaryDirectory();
    const result = await cliIn(project)('new-policy', 'limitSpend', '--js', '--json');
    expect(result.code).toBe(0);
    const created = JSON.parse(result.stdout);
    expect(created).toEqual({
      name: 'limitSpend',
      priority: 0,
      exportName: 'limitSpendPolicy',
      policyFile: join(project, 'policies/limit-spend.js'),
      testFile: join(project, 'policies/limit-spend.test.js'),
      moduleType: 'commonjs',
    });
    expect(readFileSync(created.policyFile, 'utf8')).toMatch(/^\/\/ @ts-check/);
    expect(typecheck([created.policyFile], { allowJs: true })).toEqual([]);
  });

  it('derives kebab-case file names and a camelCase export', async () => {
    const project = temporaryDirectory();
    await cliIn(project)('new-policy', 'HTTPRequest-limit_policy');
    expect(readdirSync(join(project, 'policies')).sort()).toEqual([
      'http-request-limit-policy.test.ts',
      'http-request-limit-policy.ts',
    ]);
    expect(readFileSync(join(project, 'policies/http-request-limit-policy.ts'), 'utf8')).toContain(
      'export const httpRequestLimitPolicy = Policy(',
    );
  });

  it('rejects bad names with exit code 2 and writes nothing', async () => {
    const project = temporaryDirectory();
    const names = ['9lives', 'has space', 'dot.name', 'semi;colon', '__', '../up', 'x'.repeat(101)];
    const results = await Promise.all(names.map((name) => cliIn(project)('new-policy', name)));
    results.forEach((result, index) => {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`Invalid policy name '${names[index]}'`);
    });
    expect(existsSync(join(project, 'policies'))).toBe(false);
  });

  it('refuses to overwrite (exit 1, file untouched) unless --force', async () => {
    const project = temporaryDirectory();
    const cli = cliIn(project);
    await cli('new-policy', 'audit_reads', '--priority', '1');
    const file = join(project, 'policies/audit-reads.ts');
    writeFileSync(file, '// my edits\n');

    const refused = await cli('new-policy', 'audit_reads', '--priority', '99');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exist');
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe('// my edits\n');

    const forced = await cli('new-policy', 'audit_reads', '--priority', '99', '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('priority: 99,');
  });

  it('keeps --dir inside the project: "..", absolute paths and symlinks need --force', async () => {
    const project = temporaryDirectory();
    const outside = temporaryDirectory('clearstone-outside-');
    symlinkSync(outside, join(project, 'linked'));
    const cli = cliIn(project);

    const refused = await Promise.all(
      ['../escape', outside, 'linked/policies', 'nested/../../escape'].map((dir) =>
        cli('new-policy', 'p1', '--dir', dir),
      ),
    );
    for (const result of refused) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('outside the project directory');
    }
    expect(readdirSync(outside)).toEqual([]);

    expect((await cli('new-policy', 'p1', '--dir', join(project, 'inside/abs'))).code).toBe(0);
    expect((await cli('new-policy', 'p1', '--dir', 'linked/policies', '--force')).code).toBe(0);
    expect(readdirSync(join(outside, 'policies'))).toContain('p1.ts');
    expect(lstatSync(join(project, 'linked')).isSymbolicLink()).toBe(true);
  });

  it('reports a non-numeric --priority as a usage error', async () => {
    const project = temporaryDirectory();
    const result = await cliIn(project)('new-policy', 'p2', '--priority', 'high');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--priority');
  });

  it('reports a directory that cannot be created (exit 1)', async () => {
    const project = temporaryDirectory();
    mkdirSync(join(project, 'policies'));
    writeFileSync(join(project, 'policies/blocker'), 'a file, not a directory');
    const result = await cliIn(project)('new-policy', 'p3', '--dir', 'policies/blocker/deeper');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Could not write the policy files');
  });

  it.each([
    ['empty', '', 'must name a directory'],
    ['blank', '   ', 'must name a directory'],
    ['a name over 255 bytes', `policies/${'é'.repeat(128)}`, 'longer than 255 bytes'],
  ])('refuses an %s --dir as a usage error (exit 2) and writes nothing', async (_label, dir, message) => {
    const project = temporaryDirectory();
    const result = await cliIn(project)('new-policy', 'p4', `--dir=${dir}`);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain(message);
    expect(readdirSync(project)).toEqual([]);
  });

  it('refuses a --dir with a NUL byte as a usage error (exit 2) and writes nothing', async () => {
    // A NUL byte cannot travel through argv, so a child process runs the built package's runCli.
    const project = temporaryDirectory();
    const entry = pathToFileURL(resolve(__dirname, '../dist/index.js')).href;
    const script = `import { runCli } from ${JSON.stringify(entry)}; process.exitCode = await runCli(['new-policy', 'p5', '--dir', 'policies\\u0000/../../escape']);`;
    const result = await new Promise<CliRun>((done) => {
      execFile(
        process.execPath,
        ['--input-type=module', '--eval', script],
        { cwd: project, env: baseEnvironment(project) },
        (error, stdout, stderr) => {
          done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
        },
      );
    });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('contains a NUL byte');
    expect(result.stderr).not.toContain('Could not write');
    expect(readdirSync(project)).toEqual([]);
  });
});
