// Copied next to the specs by test/jest-consumer.test.ts; `repoRoot` is filled in there.
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/*.spec.ts'],
  setupFilesAfterEnv: ['@clearstone/testing/jest'],
  transform: {
    '^.+\\.ts$': [
      require.resolve('ts-jest', { paths: [process.env.CLEARSTONE_REPO_ROOT] }),
      { tsconfig: { module: 'commonjs', target: 'ES2022', esModuleInterop: true, isolatedModules: true } },
    ],
  },
};
