// Every Jest project of the workspace, run as one suite by `pnpm test`.
module.exports = {
  projects: [
    '<rootDir>/packages/*/jest.config.cjs',
    '<rootDir>/apps/*/jest.config.cjs',
    '<rootDir>/examples/jest.config.cjs',
    '<rootDir>/tests/*/jest.config.cjs',
  ],
};
