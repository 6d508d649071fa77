import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { usageError } from '../cli/cli-error';

/** Longest file or directory name most file systems accept, in bytes (NAME_MAX). */
const MAX_NAME_BYTES = 255;

function isInside(root: string, path: string): boolean {
  const fromRoot = relative(root, path);
  return fromRoot === '' || (!fromRoot.startsWith('..') && !isAbsolute(fromRoot));
}

/** The real path of the deepest existing ancestor of `path` (following symlinks), plus the part below it. */
function realAncestor(path: string): string {
  let existing = path;
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  return resolve(realpathSync(existing), relative(existing, path));
}

/**
 * Checks the `--dir` value itself, before anything touches the file system: it must not be empty,
 * must not contain a NUL byte (no file system accepts one) and no name in it may be longer than
 * 255 bytes.
 *
 * @throws CliError `'INVALID_DIRECTORY'` (exit code 2).
 */
export function checkDirectoryArgument(dir: string): void {
  const shown = JSON.stringify(dir);
  if (dir.trim() === '') {
    throw usageError(
      `--dir must name a directory (got ${shown}); leave it out to use 'policies'.`,
      'INVALID_DIRECTORY',
    );
  }
  if (dir.includes('\0')) {
    throw usageError(`--dir ${shown} contains a NUL byte, which is not allowed in a path.`, 'INVALID_DIRECTORY');
  }
  const long = dir.split(/[\\/]/).find((name) => Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES);
  if (long !== undefined) {
    throw usageError(
      `--dir ${shown} has a name longer than ${MAX_NAME_BYTES} bytes ('${long.slice(0, 20)}…'), which file systems do not accept.`,
      'INVALID_DIRECTORY',
    );
  }
}

/**
 * Resolves `--dir` against the project directory and refuses a directory outside it — by `..`,
 * an absolute path or a symlink — unless `force` is set.
 *
 * @throws CliError `'INVALID_DIRECTORY'` (see {@link checkDirectoryArgument}) or
 * `'PATH_OUTSIDE_PROJECT'` (exit code 2).
 */
export function resolveTargetDirectory(projectDir: string, dir: string, force: boolean): string {
  checkDirectoryArgument(dir);
  const target = resolve(projectDir, dir);
  if (force) return target;
  const root = realpathSync(projectDir);
  if (!isInside(resolve(projectDir), target) || !isInside(root, realAncestor(target))) {
    throw usageError(
      `--dir '${dir}' resolves to ${target}, outside the project directory ${resolve(projectDir)}. Pass --force to write there anyway.`,
      'PATH_OUTSIDE_PROJECT',
    );
  }
  return target;
}
