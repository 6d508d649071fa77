// Types that install: every publishable package is packed as it would be published (`pnpm pack`),
// the tarballs are installed into fresh consumer projects outside the workspace — one ESM
// (`"type": "module"`), one CommonJS — next to only the third-party packages the READMEs tell
// users to install, and a file importing every public entry point (each `exports` subpath) is
// typechecked with strict TypeScript and `skipLibCheck: false`. So every published `.d.ts` (the
// `import` condition's in ESM, the `require` condition's `.d.cts` in CJS) is checked the way a
// user's compiler sees it: a type from a package that is not a dependency (`@types/node`,
// `@types/better-sqlite3`, …) fails here.
//
// The packages must be built first; `npm test` builds everything before Jest runs. An unbuilt
// package fails the test with the command to run: it never skips.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');
const packagesDir = path.join(repoRoot, 'packages');

/**
 * The third-party packages each README tells users to install next to the package (besides other
 * `@clearstone/*` packages, which are all installed). Nothing else is installed into the consumer
 * projects, so a published type that needs anything more fails. The version range is the one in
 * the package's `peerDependencies`.
 */
const DOCUMENTED_PEERS: Record<string, readonly string[]> = {
  '@clearstone/observability': ['@opentelemetry/api'],
  '@clearstone/langchain': ['@langchain/core', 'langchain'],
};

/**
 * The consumer's compiler options: those `tsc --init` writes (TypeScript 5.9) with
 * `skipLibCheck` turned off, minus `exactOptionalPropertyTypes`, which LangChain's own
 * declarations do not pass. `types: []` keeps any `@types/*` package that happens to be installed
 * out of the program. `target: esnext` brings the `esnext.disposable` library that
 * `[Symbol.dispose]` (ours) and `[Symbol.asyncDispose]` (LangChain's) need; so would `@types/node`.
 */
const BASE_OPTIONS = {
  target: 'esnext',
  module: 'nodenext',
  moduleResolution: 'nodenext',
  types: [],
  strict: true,
  skipLibCheck: false,
  noUncheckedIndexedAccess: true,
  isolatedModules: true,
  moduleDetection: 'force',
  noUncheckedSideEffectImports: true,
  noEmit: true,
};

interface Mode {
  name: 'esm' | 'cjs';
  /** The consumer package.json's `type`. */
  type: 'module' | 'commonjs';
  compilerOptions: Record<string, unknown>;
}

const MODES: readonly Mode[] = [
  { name: 'esm', type: 'module', compilerOptions: { ...BASE_OPTIONS, verbatimModuleSyntax: true } },
  // `verbatimModuleSyntax` would require `import x = require()` in a CommonJS file.
  { name: 'cjs', type: 'commonjs', compilerOptions: BASE_OPTIONS },
];

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface Publishable {
  dir: string;
  manifest: Manifest;
}

interface CommandResult {
  code: number;
  output: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function publishablePackages(): Publishable[] {
  return readdirSync(packagesDir)
    .map((name) => path.join(packagesDir, name))
    .filter((dir) => existsSync(path.join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: readJson<Manifest>(path.join(dir, 'package.json')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** Every string target below an `exports` condition object. */
function targetsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(targetsOf);
  return [];
}

/** The import specifiers of a package's public entry points, e.g. `@clearstone/policy/builtins`. */
function specifiersOf({ manifest }: Publishable): string[] {
  return Object.entries(manifest.exports ?? {})
    .filter(([, value]) => targetsOf(value).some((target) => /\.d\.c?ts$/.test(target)))
    .map(([subpath]) => (subpath === '.' ? manifest.name : `${manifest.name}/${subpath.replace(/^\.\//, '')}`));
}

/** The built files a package's `exports` point to that are missing. */
function missingBuildOutputs({ dir, manifest }: Publishable): string[] {
  return Object.values(manifest.exports ?? {})
    .flatMap(targetsOf)
    .filter((target) => target.startsWith('./dist/') && !existsSync(path.join(dir, target)));
}

/** Runs a command; resolves with its exit code and combined output (never rejects on exit code). */
function runCommand(file: string, args: readonly string[], cwd: string, env = process.env): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (error === null) resolve({ code: 0, output });
      else if (typeof error.code === 'number') resolve({ code: error.code, output });
      else reject(new Error(`${file} could not run: ${error.message}`, { cause: error }));
    });
  });
}

/** The pinned pnpm: the repository's corepack shim in `.tools/bin` (written by `npm test`), else `pnpm` on PATH. */
function pnpmCommand(): string {
  const shim = path.join(repoRoot, '.tools', 'bin', 'pnpm');
  return existsSync(shim) ? shim : 'pnpm';
}

const pnpmEnv = {
  ...process.env,
  COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
  COREPACK_INTEGRITY_KEYS: process.env.COREPACK_INTEGRITY_KEYS ?? '0',
};

/** The tarball `pnpm pack` writes for a package, e.g. `clearstone-core-0.1.0.tgz`. */
function tarballName(manifest: Manifest): string {
  return `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;
}

/** Keeps the interesting part of a path in compiler output: `@clearstone/policy/dist/index.d.ts(…)`. */
function shortenPaths(output: string, consumerDir: string): string {
  return output
    .split(consumerDir + path.sep)
    .join('')
    .replace(/node_modules\/\.pnpm\/[^/]+\/node_modules\//g, '')
    .replace(/node_modules\//g, '');
}

const packages = publishablePackages();
const results = new Map<Mode['name'], CommandResult>();
let workDir = '';

test('every publishable package has public entry points to check', () => {
  expect(packages.length).toBeGreaterThan(0);
  for (const pkg of packages) expect(specifiersOf(pkg)).not.toEqual([]);
});

test('the consumers install exactly the third-party packages the READMEs name', () => {
  for (const { dir, manifest } of packages) {
    const documented = DOCUMENTED_PEERS[manifest.name] ?? [];
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    for (const peer of documented)
      expect({ [manifest.name]: readme.includes(peer) }).toEqual({ [manifest.name]: true });
    // A required peer the README does not name would make the consumers install less than users must.
    const required = Object.keys(manifest.peerDependencies ?? {}).filter(
      (peer) => !peer.startsWith('@clearstone/') && manifest.peerDependenciesMeta?.[peer]?.optional !== true,
    );
    expect({ [manifest.name]: required.filter((peer) => !documented.includes(peer)) }).toEqual({
      [manifest.name]: [],
    });
  }
});

describe('packed and installed', () => {
  beforeAll(async () => {
    const unbuilt = packages
      .map((pkg) => ({ pkg, missing: missingBuildOutputs(pkg) }))
      .filter(({ missing }) => missing.length > 0);
    if (unbuilt.length > 0) {
      const list = unbuilt.map(({ pkg, missing }) => `  ${pkg.manifest.name}: ${missing.join(', ')}`).join('\n');
      throw new Error(
        `Cannot pack the packages: they are not built.\n${list}\n` +
          'Build them first: `pnpm turbo run build` (`npm test` builds everything before Jest runs).',
      );
    }

    workDir = mkdtempSync(path.join(os.tmpdir(), 'clearstone-consumers-'));
    const tarballDir = path.join(workDir, 'tarballs');
    mkdirSync(tarballDir);
    const pnpm = pnpmCommand();
    const packed = await Promise.all(
      packages.map((pkg) => runCommand(pnpm, ['pack', '--pack-destination', tarballDir], pkg.dir, pnpmEnv)),
    );
    packed.forEach((result, index) => {
      const tarball = path.join(tarballDir, tarballName(packages[index].manifest));
      if (result.code !== 0 || !existsSync(tarball)) {
        throw new Error(`\`pnpm pack\` failed in ${packages[index].dir} (exit ${result.code}):\n${result.output}`);
      }
    });

    // Every @clearstone package from its tarball, also where one depends on another (overrides),
    // so nothing is fetched from the registry under those names.
    const tarballs = Object.fromEntries(
      packages.map(({ manifest }) => [manifest.name, `file:${path.join(tarballDir, tarballName(manifest))}`]),
    );
    const peers = Object.fromEntries(
      packages.flatMap(({ manifest }) =>
        (DOCUMENTED_PEERS[manifest.name] ?? []).map((peer) => [peer, manifest.peerDependencies?.[peer] ?? '*']),
      ),
    );
    const imports = packages.flatMap(specifiersOf);
    const source = [
      '// One import per public entry point: the compiler checks its declarations and all they reference.',
      ...imports.map((specifier, index) => `import * as entry${index} from '${specifier}';`),
      '',
      `export const entries = [${imports.map((_, index) => `entry${index}`).join(', ')}];`,
      '',
    ].join('\n');
    const { packageManager } = readJson<{ packageManager: string }>(path.join(repoRoot, 'package.json'));

    const tsc = require.resolve('typescript/bin/tsc', { paths: [__dirname] });
    await Promise.all(
      MODES.map(async (mode) => {
        const dir = path.join(workDir, mode.name);
        mkdirSync(dir);
        const manifest = {
          name: `clearstone-consumer-${mode.name}`,
          version: '0.0.0',
          private: true,
          type: mode.type,
          packageManager,
          dependencies: { ...tarballs, ...peers },
          pnpm: { overrides: tarballs },
        };
        writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
        writeFileSync(
          path.join(dir, 'tsconfig.json'),
          `${JSON.stringify({ compilerOptions: mode.compilerOptions, files: ['index.ts'] }, null, 2)}\n`,
        );
        writeFileSync(path.join(dir, 'index.ts'), source);
        // From the local store where it can (the workspace's install filled it); no install scripts:
        // only the types are needed, and better-sqlite3 would compile its native module.
        const install = await runCommand(
          pnpm,
          [
            'install',
            '--prefer-offline',
            '--ignore-scripts',
            '--no-frozen-lockfile',
            '--config.auto-install-peers=false',
            '--config.strict-peer-dependencies=false',
          ],
          dir,
          pnpmEnv,
        );
        if (install.code !== 0) {
          throw new Error(
            `\`pnpm install\` of the ${mode.name} consumer failed (exit ${install.code}):\n${install.output}`,
          );
        }
        const checked = await runCommand(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')], dir);
        results.set(mode.name, { code: checked.code, output: shortenPaths(checked.output, dir).trim() });
      }),
    );
  }, 300_000);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  test.each(MODES.map((mode) => [mode.name]))('the published types typecheck in a strict %s consumer', (name) => {
    const result = results.get(name);
    if (result === undefined) throw new Error(`the ${name} consumer was not checked`);
    if (result.code !== 0) {
      throw new Error(
        `tsc found errors in the published types (${name} consumer, strict, skipLibCheck off):\n${result.output}`,
      );
    }
    expect(result.output).toBe('');
  });
});
