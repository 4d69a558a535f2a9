import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most test files wait on servers, timers and child processes rather than the CPU: three at once
    // on two cores finish the suite in about 60% of the time one at a time takes.
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
