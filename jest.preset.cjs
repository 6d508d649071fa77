// Shared Jest settings for every workspace project. Tests run against the TypeScript sources of
// the @clearstone packages (mapped below), so no build is needed to run unit tests.
const path = require('node:path');

const repoRoot = __dirname;
// SDK_VERSION of @clearstone/core: its build writes the package version in with tsup's `define`;
// tests run the sources, so the same name is a global here.
const sdkVersion = require('./packages/core/package.json').version;

/**
 * @param {string} dir absolute directory of the project
 * @param {import('jest').Config} [overrides]
 * @returns {import('jest').Config}
 */
module.exports = function createJestConfig(dir, overrides = {}) {
  return {
    displayName: path.relative(repoRoot, dir).replace(/^packages\//, ''),
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    transform: {
      '^.+\\.tsx?$': [
        'ts-jest',
        {
          tsconfig: {
            isolatedModules: true,
            target: 'ES2022',
            module: 'commonjs',
            moduleResolution: 'node',
            esModuleInterop: true,
            experimentalDecorators: false,
            lib: ['ES2022', 'ESNext.Disposable'],
          },
        },
      ],
    },
    moduleNameMapper: {
      '^@clearstone/([a-z-]+)$': `${repoRoot}/packages/$1/src/index.ts`,
      '^@clearstone/([a-z-]+)/([a-z-]+)$': `${repoRoot}/packages/$1/src/$2/index.ts`,
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    testTimeout: 30000,
    globals: { __CLEARSTONE_SDK_VERSION__: sdkVersion },
    ...overrides,
  };
};
