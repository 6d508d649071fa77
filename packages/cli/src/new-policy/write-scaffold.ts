import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { CliError } from '../cli/cli-error';

/** One file to create. */
export interface ScaffoldFile {
  path: string;
  content: string;
}

/**
 * Creates `directory` (with parents) and writes the files. Without `force`, nothing is written
 * when any of them exists.
 *
 * @throws CliError `'FILE_EXISTS'` or `'WRITE_FAILED'` (exit code 1).
 */
export function writeScaffold(directory: string, files: readonly ScaffoldFile[], force: boolean): void {
  const existing = files.filter((file) => existsSync(file.path)).map((file) => file.path);
  if (existing.length > 0 && !force) {
    throw new CliError({
      code: 'FILE_EXISTS',
      message: `${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}. Use --force to overwrite.`,
    });
  }
  try {
    mkdirSync(directory, { recursive: true });
    for (const file of files) writeFileSync(file.path, file.content, 'utf8');
  } catch (error) {
    throw new CliError({
      code: 'WRITE_FAILED',
      message: `Could not write the policy files in ${directory}: ${(error as Error).message}`,
      cause: error,
    });
  }
}
