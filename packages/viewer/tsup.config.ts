import { defineConfig } from 'tsup';
import { buildPage } from './tsup.page';

export default defineConfig({
  entry: {
    "index": "src/index.ts"
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: false,
  shims: true,
  // The page is bundled after the library, so the library's clean step cannot remove it.
  onSuccess: () => buildPage('dist/ui'),
});
