import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['@booktalk/infra/testing/global-setup'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: DB-heavy files (the crash test above all) run one at a time.
    fileParallelism: false,
  },
});
