import { defineConfig } from 'vitest/config';

// The fast tier (`npm test`): unit and integration tests, under 3 minutes on 2 cores. Every test
// stays under a third of its timeout; builds of whole editions, corpora and random inputs live in
// the end-to-end tier (`npm run test:e2e`, vitest.e2e.config.ts), real clients in `npm run test:clients`.
//
// Test files share their workers' module cache (`isolate: false`): each of them would otherwise load
// pdfkit, fontkit, docx and pdfjs again, which was two thirds of the suite's time. A file that mocks a
// module (`vi.mock`) needs a fresh cache: it is named `*.isolated.test.ts` and runs isolated.
const excluded = ['test/clients/**', 'test/e2e/**', 'test/attacks/slow/**'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // A file's beforeAll builds the sample as its tests would (vitest's default for hooks is 10 s).
    hookTimeout: 30_000,
    pool: 'threads',
    // vitest's default is one worker fewer than the cores: a single worker on a 2-core machine.
    maxWorkers: 2,
    globalSetup: ['test/support/compiled.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...excluded, 'test/**/*.isolated.test.ts'], isolate: false } },
      { extends: true, test: { name: 'isolated', include: ['test/**/*.isolated.test.ts'], exclude: excluded, isolate: true } },
    ],
  },
});
