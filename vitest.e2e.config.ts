import { defineConfig } from 'vitest/config';

// The end-to-end tier (`npm run test:e2e`): whole editions built through the worker pool, the cache
// and releases, generated corpora, random Markdown, and the slow attack cases. `.ci/run` runs it
// after `npm test`.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts', 'test/attacks/slow/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    globalSetup: ['test/support/compiled.ts'],
  },
});
