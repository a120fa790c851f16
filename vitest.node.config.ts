// Node-side tests: the CLI and the dev scripts, against a real `wrangler dev` where they need a server.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/node/**/*.test.{ts,mjs}'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
})
