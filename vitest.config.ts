import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/clients/**'],
    testTimeout: 30_000,
    pool: 'threads',
    globalSetup: ['test/support/compiled.ts'],
  },
});
