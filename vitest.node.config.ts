/**
 * Node-side tests: the CLI and the dev scripts against a real `wrangler dev` (tests/node), and
 * rendering the .docx with LibreOffice (soffice) and reading the PDF with poppler (tests/render),
 * which need processes workerd cannot start.
 */
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/node/**/*.test.{ts,mjs}', 'tests/render/**/*.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // One at a time: each file starts a whole wrangler dev or office suite on a shared machine.
    fileParallelism: false,
  },
})
