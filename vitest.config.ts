import { defineConfig } from 'vitest/config';

// Three projects: pure logic (fast, no build needed), checks of the built dist/, and browser tests
// that drive Debian's Chromium and Firefox against the built site. `npm run build` must run before `npm test`.
export default defineConfig({
  test: {
    // Every temporary file of a run goes into one folder, removed when the run ends.
    globalSetup: ['tests/helpers/temp-root.ts'],
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        // Files run one at a time: some run their own `astro build`, which shares node_modules/.astro.
        test: { name: 'build', include: ['tests/build/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 300_000, fileParallelism: false },
      },
      {
        test: {
          name: 'e2e',
          // A browser on a busy two-core machine can take a second or two to show results.
          expect: { poll: { timeout: 10_000 } },
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
