import path from 'node:path';

/**
 * Directory of the page shipped with the package: `dist/ui`, next to the bundled module (the build
 * provides `__dirname` in both its ESM and CJS output). Undefined when running from source as ESM.
 */
export function defaultAssetsDir(): string | undefined {
  return typeof __dirname === 'string' ? path.join(__dirname, 'ui') : undefined;
}
