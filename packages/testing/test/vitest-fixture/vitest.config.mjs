// Copied next to the fixture spec by test/vitest-consumer.test.ts; run there with `vitest run`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['*.vitest.ts'],
    environment: 'node',
  },
});
