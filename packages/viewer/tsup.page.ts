import path from 'node:path';
import { build } from 'tsup';
import type { Options } from 'tsup';

/**
 * Build options of the viewer's page: `src/page/main.ts` bundled (with its CSS) into one
 * dependency-free script, `app.js` + `app.css`, next to a copy of `src/page/public/index.html`.
 */
export function pageBuildOptions(outDir: string, packageDir = process.cwd()): Options {
  return {
    entry: { app: path.join(packageDir, 'src/page/main.ts') },
    outDir: path.resolve(packageDir, outDir),
    format: ['iife'],
    platform: 'browser',
    target: 'es2020',
    outExtension: () => ({ js: '.js' }),
    publicDir: path.join(packageDir, 'src/page/public'),
    minify: true,
    sourcemap: false,
    dts: false,
    clean: true,
    splitting: false,
    silent: true,
    tsconfig: path.join(packageDir, 'src', 'page', 'tsconfig.json'),
  };
}

/** Builds the page into `outDir` (relative to `packageDir`, default the working directory). */
export async function buildPage(outDir: string, packageDir = process.cwd()): Promise<void> {
  await build({ ...pageBuildOptions(outDir, packageDir), config: false });
}
