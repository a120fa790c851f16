import path from 'node:path'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

const migrations = await readD1Migrations(path.join(import.meta.dirname, 'migrations'))

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      remoteBindings: false,
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: migrations,
          WENFU_BOOTSTRAP_TOKEN: 'test-bootstrap-token-0123456789',
          WENFU_ENV: 'test',
          // A provider for the compose tests: tests/helpers/fake-llm.ts answers http://llm.test through a
          // spy on fetch (Workflow steps only see bindings, so the provider cannot come from a test).
          OPENAI_BASE_URL: 'http://llm.test/v1',
          OPENAI_API_KEY: 'test-key',
          WENFU_MODEL: 'stand-in',
          WENFU_PROVIDER_TRUST: 'external',
          WENFU_LLM_TIMEOUT_MS: '400',
          WENFU_LLM_RETRIES: '2',
          WENFU_LLM_BACKOFF_MS: '5',
        },
      },
    }),
  ],
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    setupFiles: ['./tests/apply-migrations.ts'],
    testTimeout: 30_000,
    // The first PDF read in a test file loads pdf.js through vite's module runner (~9 s on the CI machine).
    hookTimeout: 30_000,
  },
})
