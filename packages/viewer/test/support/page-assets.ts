import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPage } from '../../tsup.page';

/** Builds the viewer page (as the package build does) into a fresh temp directory and returns it. */
export async function buildPageAssets(): Promise<string> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'clearstone-viewer-page-'));
  await buildPage(outDir, path.resolve(__dirname, '../..'));
  return outDir;
}
