// Two projects in one run (one report for CI): `unit` (components, stores and voice code in
// happy-dom) and `e2e` (test/e2e: `npm start` as a child process, driven by headless Chromium).
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [vue()],
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', environment: 'happy-dom', include: ['test/**/*.spec.ts'], exclude: ['test/e2e/**'] },
      },
      {
        // Each file is one story in order (each `it` builds on the last), its waits bounded inside.
        // The files run one at a time, in one fork: each starts `npm start` and a Chromium, and
        // two of those at once on a 2-core machine only make both slower.
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.spec.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
