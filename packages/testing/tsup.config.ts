import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    "index": "src/index.ts",
    "jest/index": "src/jest/index.ts"
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: false,
  shims: true,
  // The SQLite binding is a native module: always loaded from node_modules, never bundled.
  external: ['better-sqlite3'],
});
