import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['@booktalk/infra/testing/global-setup'],
    // Two shared cores and argon2 at 19 MiB per hash: one file at a time.
    fileParallelism: false,
  },
});
