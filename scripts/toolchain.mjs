// Makes the pinned pnpm available without anything installed globally: corepack (bundled with
// Node 20) installs a shim into .tools/bin; npm installs pnpm there when corepack is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolsBin = path.join(repoRoot, '.tools', 'bin');
const pinned = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).packageManager; // pnpm@x.y.z

/** Environment with the pinned pnpm first on PATH and telemetry of the build tools off. */
export function toolchainEnv() {
  const env = {
    ...process.env,
    COREPACK_INTEGRITY_KEYS: '0',
    COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    CLEARSTONE_TELEMETRY_DISABLED: '1',
    PATH: `${toolsBin}${path.delimiter}${path.join(repoRoot, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
  };
  if (!existsSync(path.join(toolsBin, 'pnpm'))) {
    mkdirSync(toolsBin, { recursive: true });
    const viaCorepack = spawnSync('corepack', ['enable', '--install-directory', toolsBin, 'pnpm'], {
      env,
      stdio: 'inherit',
    });
    if (viaCorepack.status !== 0) {
      execFileSync('npm', ['install', '--no-save', '--prefix', path.join(repoRoot, '.tools'), pinned], {
        env,
        stdio: 'inherit',
      });
      execFileSync('ln', ['-sf', '../node_modules/.bin/pnpm', path.join(toolsBin, 'pnpm')], { stdio: 'inherit' });
    }
  }
  return env;
}

/** Runs a command in the repository with the toolchain environment; returns its exit status. */
export function run(command, args, options = {}) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: repoRoot,
    env: options.env ?? toolchainEnv(),
    stdio: options.stdio ?? 'inherit',
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** Debian packages the tests run for real: Chromium for the browser tests, redis-server for the Redis store. */
const SYSTEM_PACKAGES = [
  { name: 'chromium', binary: '/usr/bin/chromium', why: 'the browser tests' },
  { name: 'redis-server', binary: '/usr/bin/redis-server', why: 'the Redis governance store tests' },
];

/**
 * The browser tests drive Debian's Chromium (no browser download from a test tool) and the Redis
 * store tests a real redis-server. When one is missing and this runs as root on a Debian-like
 * system, install it with apt-get; otherwise say how.
 */
export function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter((pkg) => !existsSync(pkg.binary));
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  const names = missing.map((pkg) => pkg.name);
  if (!isRoot || !hasApt) {
    for (const pkg of missing)
      console.warn(`${pkg.binary} is missing: ${pkg.why} will fail. Install it with \`apt-get install ${pkg.name}\`.`);
    return;
  }
  console.log(`\nInstalling ${names.join(' and ')} from the Debian packages (apt-get install ${names.join(' ')})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { stdio: 'inherit', env });
}

/** Installs dependencies (frozen lockfile on CI) and builds every package. Exits on failure. */
export function installAndBuild() {
  const env = toolchainEnv();
  const frozen = process.env.CI ? ['--frozen-lockfile'] : [];
  if (run('pnpm', ['install', ...frozen], { env }) !== 0) process.exit(1);
  if (run('pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only'], { env }) !== 0) process.exit(1);
  return env;
}
