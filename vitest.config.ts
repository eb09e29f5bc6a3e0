import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Each worker holds its own PGlite (~1 GB): two workers suit this 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    setupFiles: ['test/helpers/dom-setup.ts'],
    // Limits, not expectations: a test fails on a timeout only when something hangs. They are
    // generous because the suite must pass while other work occupies both cores (a test that
    // takes 10 s on an idle machine can take a minute under load). No test measures speed:
    // that is `npm run bench`'s job.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
})
