/**
 * End-to-end tests of the 工作台 in real Chromium (Debian's chromium, driven by playwright-core):
 * tests/e2e/server.ts starts the product as `npm run dev` does (scripts/dev.mjs on a free port, its
 * own local D1/R2 and demo data) once for the run; each file opens its own browser.
 */
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/server.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // One browser at a time on a shared machine; the files share one server.
    fileParallelism: false,
  },
})
