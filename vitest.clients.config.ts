import { defineConfig } from 'vitest/config';

// The real-client suite (`npm run test:clients`): LibreOffice and other installed programs read the
// editions. Slower; scripts/install-clients installs the programs; `npm test` leaves it out.
export default defineConfig({
  test: {
    include: ['test/clients/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
