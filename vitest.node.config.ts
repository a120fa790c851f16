/**
 * Node-side tests: rendering the .docx with LibreOffice (soffice) and reading the PDF with poppler
 * (pdftotext, pdfinfo) needs processes workerd cannot start. They call the export's pure functions.
 */
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/render/**/*.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // One soffice at a time: the machine is shared and each conversion starts a whole office suite.
    fileParallelism: false,
  },
})
