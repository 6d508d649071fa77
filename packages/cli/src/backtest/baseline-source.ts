import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { CliError, usageError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';

/** Where `--baseline` reads the baseline policies from: a file, or a file at a git revision. */
export type BaselineSource =
  { kind: 'file'; spec: string; path: string } | { kind: 'revision'; spec: string; revision: string; path: string };

/** `REV:PATH` (not a Windows drive such as `C:\…`): a revision and a path in it. */
const REVISION_SPEC = /^([^:]+):(.+)$/;

/**
 * What `--baseline SPEC` names: a policy file when `SPEC` is one (relative to the working
 * directory), else `REV:PATH` (`origin/main:policies.ts`, `HEAD~1:src/policies.ts`) read with
 * `git show`; a path starting with `./` or `../` is relative to the working directory, any other
 * to the repository's root, as git reads it.
 *
 * @throws CliError `'BASELINE_NOT_FOUND'` (exit code 2) for neither.
 */
export function parseBaseline(context: CommandContext, spec: string): BaselineSource {
  const path = context.resolvePath(spec);
  if (existsSync(path)) return { kind: 'file', spec, path };
  const match = REVISION_SPEC.exec(spec);
  if (match === null || /^[A-Za-z]$/.test(match[1]) || match[1].startsWith('-') || match[2].trim() === '') {
    throw usageError(
      `Baseline policy file not found: ${path}. Give a file, or a git revision of one as REV:PATH (e.g. origin/main:policies.ts).`,
      'BASELINE_NOT_FOUND',
    );
  }
  return { kind: 'revision', spec, revision: match[1], path: match[2] };
}

/** Output of a git command run without a shell; rejects with git's own message. */
function git(context: CommandContext, args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'git',
      [...args],
      {
        cwd: context.io.cwd,
        env: context.io.env,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error === null) resolvePromise(stdout);
        else {
          const message = stderr.trim() || error.message;
          reject(Object.assign(new Error(message), { cause: error }));
        }
      },
    );
  });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A directory to write the baseline's text into, so that its relative imports resolve: where the
 * file lives in the working tree, when that directory exists, else `fallbackDir`.
 */
async function directoryFor(context: CommandContext, source: BaselineSource, fallbackDir: string): Promise<string> {
  if (/^\.\.?[\\/]/.test(source.path)) {
    const directory = dirname(context.resolvePath(source.path));
    return isDirectory(directory) ? directory : fallbackDir;
  }
  try {
    const root = (await git(context, ['rev-parse', '--show-toplevel'])).trim();
    const directory = dirname(isAbsolute(source.path) ? source.path : resolve(root, source.path));
    return isDirectory(directory) ? directory : fallbackDir;
  } catch {
    return fallbackDir;
  }
}

/** A policy file to load for the baseline, and how to clean up after loading it. */
export interface MaterializedBaseline {
  /** The file to load. */
  file: string;
  /** Deletes the temporary file of a revision (nothing for a plain file). */
  cleanup(): void;
}

/**
 * The baseline as a loadable file. A revision is read with `git show REV:PATH` (no shell) and
 * written to a temporary file beside where the file lives in the working tree (else in
 * `fallbackDir`, the head policy file's directory), with the same extension, so its relative
 * imports resolve; `cleanup` deletes it.
 *
 * @throws CliError `'BASELINE_REVISION_NOT_FOUND'` (exit code 2) with git's message when git
 * cannot read it (unknown revision, path not in it, not a repository, git missing).
 */
export async function materializeBaseline(
  context: CommandContext,
  source: BaselineSource,
  fallbackDir: string,
): Promise<MaterializedBaseline> {
  if (source.kind === 'file') return { file: source.path, cleanup: () => undefined };
  let text: string;
  try {
    text = await git(context, ['show', `${source.revision}:${source.path}`]);
  } catch (error) {
    throw usageError(
      `Cannot read baseline ${source.spec} with git show: ${(error as Error).message}`,
      'BASELINE_REVISION_NOT_FOUND',
    );
  }
  const directory = await directoryFor(context, source, fallbackDir);
  const extension = extname(source.path) || '.ts';
  const name = `.clearstone-baseline-${randomBytes(4).toString('hex')}-${basename(source.path, extname(source.path))}${extension}`;
  const file = join(directory, name);
  try {
    writeFileSync(file, text, { flag: 'wx' });
  } catch (error) {
    throw new CliError({
      code: 'BASELINE_WRITE_FAILED',
      message: `Cannot write the baseline ${source.spec} to ${file}: ${(error as Error).message}`,
      exitCode: 2,
      cause: error,
    });
  }
  return { file, cleanup: () => rmSync(file, { force: true }) };
}
