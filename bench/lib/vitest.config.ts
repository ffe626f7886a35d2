import { defineConfig } from 'vitest/config';

/**
 * Runs the bench helpers' tests (`npx vitest run --config bench/lib/vitest.config.ts`) until the project's
 * vitest.config.ts includes `bench/**\/*.test.ts`.
 */
export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
