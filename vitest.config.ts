import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['bench/peers/**', 'node_modules/**'],
    // Builds dist/ when stale: the tests that spawn the `sovereign` command run the compiled JavaScript.
    globalSetup: ['test/helpers/build-dist.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two cores: keep parallelism modest so timing-sensitive tests stay honest.
    maxWorkers: 2,
  },
});
