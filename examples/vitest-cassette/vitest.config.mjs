// Run by ../cassette-vitest.test.ts with the real `vitest run`. Plain object (no `vitest/config`
// import), globals on, so the spec needs nothing from this folder's node_modules but the
// @clearstone packages examples/ already has.
export default {
  test: {
    include: ['*.vitest.ts'],
    environment: 'node',
    globals: true,
  },
};
