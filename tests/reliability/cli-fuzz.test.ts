// Hostile policy names and --dir paths for `clearstone new-policy`: either the files are created
// inside the project, or the command exits 2 with a coded message (1 only when the files already
// exist) — nothing is written elsewhere.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { runCli } from '@clearstone/cli';
import { REPO_ROOT } from './support/run-child';
import { suiteSeed } from './support/seeded-random';
import { makeTempDir } from './support/temp-dir';
import { testTimeout } from './support/test-timeout';

// runCli costs ~3-4 ms per case (argument parsing): about 30 s for the 10 000 cases.
const RUNS = Number(process.env.RELIABILITY_CLI_RUNS ?? process.env.RELIABILITY_FUZZ_RUNS ?? 10_000);
const SEED = suiteSeed(9009);
jest.setTimeout(testTimeout(120_000));
const sandbox = makeTempDir('cli-fuzz');
afterAll(() => sandbox.remove());
const project = path.join(sandbox.path, 'project');
const outside = path.join(sandbox.path, 'outside');
mkdirSync(project);
mkdirSync(outside);
const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Every file under `dir`, as paths relative to `root`. */
function listFiles(dir: string, root = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, root) : [path.relative(root, full)];
  });
}

const names = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,30}$/),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '../escape',
    '..',
    '.',
    '',
    'a/b',
    'a\\b',
    '/abs',
    'name\u0000x',
    'ünïcode',
    'Ω_policy',
    'a'.repeat(101),
    'a'.repeat(100),
    '_',
    '-x',
    '__proto__',
    'constructor',
    'x;rm -rf',
    '$(id)',
    'a\nb',
    'CON',
    'policy_policy',
  ),
);
const dirs = fc.oneof(
  fc.constantFrom(
    'policies',
    'a/b/c',
    '.',
    './x',
    'x/../y',
    '../outside',
    '../outside/deeper',
    '../../',
    '/',
    '/proc/clearstone',
    `${outside}/abs`,
    '..\\outside',
    'x\u0000y',
    'dir with spaces',
    'ünïcode',
    '~',
    '%2e%2e/outside',
    'link-out/inner',
  ),
  fc
    .array(fc.constantFrom('..', '.', 'a', 'ü', '', 'b c'), { minLength: 1, maxLength: 5 })
    .map((parts) => parts.join('/')),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

describe('clearstone new-policy NAME --dir DIR, in process (runCli)', () => {
  it(`writes only inside the project, or exits 2 with a coded message (${RUNS} cases)`, async () => {
    const { symlinkSync } = await import('node:fs');
    symlinkSync(outside, path.join(project, 'link-out'));
    const counts = { created: 0, refused: 0, exists: 0 };
    const sink = { write: () => true };
    let stderr = '';
    const errors = { write: (text: string) => ((stderr += text), true) };
    await fc.assert(
      fc.asyncProperty(names, dirs, async (name, dir) => {
        stderr = '';
        const before = listFiles(project).length;
        const code = await runCli(['new-policy', name, '--dir', dir], {
          cwd: project,
          stdout: sink,
          stderr: errors,
          env: { CLEARSTONE_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
        });
        const after = listFiles(project).length;
        expect(listFiles(outside)).toEqual([]);
        if (dir.includes('\u0000') || dir.trim() === '') expect(code).toBe(2);
        if (code === 0) {
          expect(VALID_NAME.test(name) && name.length <= 100).toBe(true);
          expect(after).toBe(before + 2);
          counts.created += 1;
        } else if (code === 1) {
          // FILE_EXISTS: nothing is overwritten without --force. A --dir the file system cannot take
          // (NUL byte, empty, over-long name) is a usage error, refused before anything is written.
          expect(stderr).toMatch(/already exist/);
          expect(after).toBe(before);
          counts.exists += 1;
        } else {
          expect(code).toBe(2);
          expect(after).toBe(before);
          counts.refused += 1;
        }
        if (code === 0) {
          const real = realpathSync(project);
          for (const file of listFiles(project))
            expect(realpathSync(path.join(project, file)).startsWith(real)).toBe(true);
        }
        // Start every case from an empty project, so that listing it stays cheap.
        for (const entry of readdirSync(project))
          if (entry !== 'link-out') rmSync(path.join(project, entry), { recursive: true, force: true });
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(`cli fuzz: ${JSON.stringify(counts)}`);
    expect(counts.created).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  });
});

describe('the built CLI (node packages/cli/dist/bin.js), a small sample', () => {
  const bin = path.join(REPO_ROOT, 'packages/cli/dist/bin.js');
  const cases: Array<[string, string, number]> = [
    ['enforce_data_locality', 'policies', 0],
    ['../escape', 'policies', 2],
    ['ok_name', '../outside', 2],
    ['ok_name', '/proc/clearstone', 2],
    ['ünïcode', 'policies', 2],
    ['ok_two', 'a/../b', 0],
    ['ok_name', '', 2],
    ['ok_name', `policies/${'x'.repeat(256)}`, 2],
  ];
  beforeAll(() => {
    // The README's test command builds the workspace first; a missing build is a failure, not a skip.
    if (!existsSync(bin))
      throw new Error(`${bin} is missing: build the CLI first (pnpm build, or npm test, which builds).`);
  });
  it.each(cases)('new-policy %j --dir %j exits %i', (name, dir, expected) => {
    const cwd = path.join(sandbox.path, 'built-project');
    mkdirSync(cwd, { recursive: true });
    const result = spawnSync(process.execPath, [bin, 'new-policy', name, '--dir', dir], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, CLEARSTONE_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
    });
    expect(result.status).toBe(expected);
    if (expected === 2)
      expect(result.stderr).toMatch(
        /INVALID_POLICY_NAME|PATH_OUTSIDE_PROJECT|INVALID_DIRECTORY|Invalid policy name|outside the project|--dir must name a directory|longer than 255 bytes/,
      );
    expect(listFiles(outside)).toEqual([]);
    rmSync(path.join(cwd, 'policies'), { recursive: true, force: true });
  });
});
