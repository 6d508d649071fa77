import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { usageError } from '../cli/cli-error';

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
 * Resolves `--dir` against the project directory and refuses a directory outside it — by `..`,
 * an absolute path or a symlink — unless `force` is set.
 *
 * @throws CliError `'PATH_OUTSIDE_PROJECT'` (exit code 2).
 */
export function resolveTargetDirectory(projectDir: string, dir: string, force: boolean): string {
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
