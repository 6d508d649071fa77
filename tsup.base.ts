import { defineConfig, type Options } from 'tsup';

/**
 * The build every publishable package shares: ESM + CJS with `.d.ts`/`.d.cts` for each entry,
 * Node 20 target, no code splitting (each entry is self-contained). A package passes its entries
 * (`{ 'builtins/index': 'src/builtins/index.ts' }`) and anything it needs on top.
 */
export function packageConfig(entry: Record<string, string>, extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    // Sources only: no test files, no Jest globals in what is published.
    tsconfig: 'tsconfig.build.json',
    splitting: false,
    shims: true,
    ...extra,
  });
}
