import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['@booktalk/infra/testing/global-setup'],
    // Two cores: DB-heavy files (the crash test above all) run one at a time.
    fileParallelism: false,
  },
});
