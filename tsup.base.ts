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
    splitting: false,
    shims: true,
    ...extra,
  });
}
