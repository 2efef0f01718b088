import { defineConfig } from 'vitest/config';

// Two projects: `unit` (core, db, electron with a mocked 'electron', docx checks with LibreOffice)
// and `e2e` (Playwright + Debian Chromium against the browser host). `npm test` runs both.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'node_modules/**'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // documents written through the CLI and the API skip the page pass (LibreOffice, 5–15 s each on a
          // loaded machine); tests/docx-render.test.ts and docx-report.test.ts run it on purpose
          // and keep no export cache in the user's home: a test that means a repeat export passes its own DirCache
          env: { QAR_PAGE_PASS: 'none', QAR_CACHE_DIR: 'off' },
          expect: { poll: { timeout: 15_000 } },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
          env: { QAR_PAGE_PASS: 'none', QAR_CACHE_DIR: 'off' },
          // expect.poll waits for a state; its default bound (1 s) is a fixed time that a loaded 2-core machine
          // overruns (a chapter opening while a 12 MP photo decodes took longer): the bound is 15 s, and a poll
          // still ends as soon as the state holds
          expect: { poll: { timeout: 15_000 } },
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
