import { defineConfig } from 'vitest/config';

// The real-client suite (`npm run test:clients`): LibreOffice and other installed programs read the
// editions. Slower, and skipped where a program is missing; `npm test` leaves it out.
export default defineConfig({
  test: {
    include: ['test/clients/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
