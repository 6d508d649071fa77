import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory per test, removed after each test. Returns a getter for paths in it. */
export function useTempDir(): (name: string) => string {
  let directory = '';
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'clearstone-observability-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });
  return (name: string) => join(directory, name);
}
