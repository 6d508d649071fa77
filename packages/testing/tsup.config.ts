import { packageConfig } from '../../tsup.base';

export default packageConfig(
  { index: 'src/index.ts', 'jest/index': 'src/jest/index.ts' },
  // The SQLite binding is a native module: always loaded from node_modules, never bundled.
  { external: ['better-sqlite3'] },
);
