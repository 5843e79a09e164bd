import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/support/global-setup.ts'],
    // Each test file gets its own SQLite file (test/support/test-db.ts), so files run in parallel.
    pool: 'forks',
    testTimeout: 20_000,
  },
});
