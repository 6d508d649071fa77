// Packs, installs and typechecks: slower than a unit test, bounded by the timeouts in the test.
module.exports = require('../../jest.preset.cjs')(__dirname, { testTimeout: 300_000 });
