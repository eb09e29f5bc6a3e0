// Browser journeys (npm run test:e2e): Debian's Chromium driven by playwright-core against the
// real server on a fresh embedded database, started once per run by the global setup.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/helpers/global-setup.ts'],
    // One journey at a time: each drives a real browser against one shared server (2 cores).
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
})
